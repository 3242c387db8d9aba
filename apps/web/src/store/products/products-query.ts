import { infiniteQueryOptions } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';

export const PAGE_SIZE = 12;

export interface ProductFilter {
  q?: string;
  category?: string;
}

/** The product list as cursor pages: each page's `nextCursor` asks for the next, until there is none. */
export function productPages(filter: ProductFilter) {
  return infiniteQueryOptions({
    queryKey: ['products', filter],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/api/v1/products', {
          params: { query: { limit: PAGE_SIZE, cursor: pageParam, q: filter.q, category: filter.category } },
          signal,
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}
