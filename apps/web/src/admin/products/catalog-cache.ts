import type { QueryClient } from '@tanstack/react-query';

/**
 * After a product or its stock changes: every cached view of the catalog is stale, the console's and the shop's
 * (an operator often opens the shop in the same tab to check), so each is asked again when next shown.
 */
export function invalidateCatalog(queryClient: QueryClient): void {
  for (const queryKey of [['admin', 'products'], ['admin', 'product'], ['products'], ['product']]) {
    void queryClient.invalidateQueries({ queryKey });
  }
}
