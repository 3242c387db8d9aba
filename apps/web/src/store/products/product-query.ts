import { queryOptions } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';
import type { components } from '../../generated/api';

export type Product = components['schemas']['ProductDto'];

/** One product with its availability now. */
export function productQuery(id: string) {
  return queryOptions({
    queryKey: ['product', id],
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/products/{id}', { params: { path: { id } }, signal })),
  });
}
