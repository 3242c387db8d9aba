import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';
import { isSettled } from './order-status';

/** How often a running order is asked for its status: the saga takes a second or a few. */
export const POLL_MS = 1_000;

/** One order with its step timeline, polled until its status is settled, then left alone. */
export function orderQuery(id: string) {
  return queryOptions({
    queryKey: ['orders', id],
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/orders/{id}', { params: { path: { id } }, signal })),
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status && isSettled(status) ? false : POLL_MS;
    },
    staleTime: 0,
  });
}

export const ORDERS_PAGE_SIZE = 10;

/** The shopper's orders, newest first, as cursor pages. */
export function orderPages() {
  return infiniteQueryOptions({
    queryKey: ['orders', 'list'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/api/v1/orders', {
          params: { query: { limit: ORDERS_PAGE_SIZE, cursor: pageParam } },
          signal,
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    staleTime: 0,
  });
}
