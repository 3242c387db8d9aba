import { queryOptions } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/problem';
import type { components } from '../../generated/api';

export type DeadLetter = components['schemas']['DeadLetterDto'];
export type DeadLetterService = DeadLetter['service'];
export type DeadLetterList = components['schemas']['DeadLetterListDto'];

/** The services that consume events and so keep dead-letter queues. */
export const DEAD_LETTER_SERVICES: readonly DeadLetterService[] = ['inventory', 'notifications'];

export function isDeadLetterService(value: string | null): value is DeadLetterService {
  return value !== null && (DEAD_LETTER_SERVICES as readonly string[]).includes(value);
}

/** Up to 100 per service, oldest first: the API does not page dead letters, they are meant to be few. */
export function deadLetters(service: DeadLetterService | undefined) {
  return queryOptions({
    queryKey: ['admin', 'dead-letters', { service }],
    // Another operator (or a replay failing again) changes the list: always asked again when a page opens it.
    staleTime: 0,
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/v1/admin/dead-letters', { params: { query: { service, limit: 100 } }, signal })),
  });
}
