import { infiniteQueryOptions } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';

export const NOTIFICATIONS_PAGE_SIZE = 10;
/** Emails are sent a moment after what caused them (an order confirmed): look again this often. */
export const NOTIFICATIONS_POLL_MS = 5_000;

/** The emails the shop sent (or is sending) the signed-in shopper, newest first, as cursor pages. */
export function notificationPages() {
  return infiniteQueryOptions({
    queryKey: ['notifications'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/api/v1/me/notifications', {
          params: { query: { limit: NOTIFICATIONS_PAGE_SIZE, cursor: pageParam } },
          signal,
        }),
      ),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    refetchInterval: NOTIFICATIONS_POLL_MS,
    staleTime: 0,
  });
}
