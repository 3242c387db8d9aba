import { queryOptions } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';

/** The catalog's categories; the gateway lets caches keep them for minutes, so this does too. */
export function categoriesQuery() {
  return queryOptions({
    queryKey: ['categories'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/categories', { signal })),
    staleTime: 5 * 60_000,
  });
}
