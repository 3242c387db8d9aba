import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';
import type { components } from '../../generated/api';

export type StockLevel = components['schemas']['StockLevelDto'];
export type AdjustStockBody = components['schemas']['AdjustStockBody'];

/** SKUs as the inventory API writes them: capitals, digits and dashes. */
export const SKU_PATTERN = /^[A-Z0-9][A-Z0-9-]*$/;

export function stockLevel(sku: string) {
  return queryOptions({
    queryKey: ['admin', 'stock', sku],
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/v1/inventory/{sku}', { params: { path: { sku } }, signal })),
  });
}

export function adjustmentPages(sku: string) {
  return infiniteQueryOptions({
    queryKey: ['admin', 'stock', sku, 'adjustments'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/api/v1/inventory/{sku}/adjustments', {
          params: { path: { sku }, query: { cursor: pageParam, limit: 20 } },
          signal,
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}
