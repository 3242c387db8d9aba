import { infiniteQueryOptions } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';
import type { components } from '../../generated/api';

export type User = components['schemas']['UserDto'];
export type UserPage = components['schemas']['UserPageDto'];

export function userPages() {
  return infiniteQueryOptions({
    queryKey: ['admin', 'users'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      unwrap(api.GET('/api/v1/admin/users', { params: { query: { cursor: pageParam, limit: 20 } }, signal })),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}
