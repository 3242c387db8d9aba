import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';
import type { components } from '../../generated/api';

export type Product = components['schemas']['ProductDto'];
export type CreateProductBody = components['schemas']['CreateProductBody'];
export type UpdateProductBody = components['schemas']['UpdateProductBody'];

const PAGE_SIZE = 20;

/**
 * The catalog as an admin sees it (the same endpoint as the shop's, with `availability.available` filled in for
 * admins). Its own key, so the console's pages never share cache entries with the storefront's.
 */
export function adminProductPages(q: string | undefined) {
  return infiniteQueryOptions({
    queryKey: ['admin', 'products', { q }],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/api/v1/products', {
          params: { query: { limit: PAGE_SIZE, cursor: pageParam, q } },
          signal,
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export function adminProduct(id: string) {
  return queryOptions({
    queryKey: ['admin', 'product', id],
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/products/{id}', { params: { path: { id } }, signal })),
  });
}
