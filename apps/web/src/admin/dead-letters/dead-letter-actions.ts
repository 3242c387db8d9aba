import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { api, newIdempotencyKey } from '../../api/client';
import { unwrap } from '../../api/problem';
import type { DeadLetter, DeadLetterList } from './dead-letter-queries';

export type DeadLetterAction = 'replay' | 'drop';

/**
 * Replay (queue the message again) or drop (delete it for good) one dead letter. On success the row leaves every
 * cached list at once, then the lists are asked again: a replayed message that fails again comes back as a new
 * dead letter, which the operator should see.
 */
export function useDeadLetterAction() {
  const queryClient = useQueryClient();
  // One Idempotency-Key per dead letter: replaying the same letter twice (a retry after a lost answer) is one replay.
  const keys = useRef(new Map<string, string>());
  return useMutation({
    mutationFn: async ({ action, letter }: { action: DeadLetterAction; letter: DeadLetter }) => {
      const path = { service: letter.service, id: letter.id };
      if (action === 'replay') {
        let key = keys.current.get(letter.id);
        if (!key) keys.current.set(letter.id, (key = newIdempotencyKey()));
        await unwrap(
          api.POST('/api/v1/admin/dead-letters/{service}/{id}/replay', {
            params: { path, header: { 'Idempotency-Key': key } },
          }),
        );
      } else {
        await unwrap(api.DELETE('/api/v1/admin/dead-letters/{service}/{id}', { params: { path } }));
      }
      return { action, letter };
    },
    onSuccess: ({ letter }) => {
      queryClient.setQueriesData<DeadLetterList>({ queryKey: ['admin', 'dead-letters'] }, (list) =>
        list ? { items: list.items.filter((item) => item.id !== letter.id) } : list,
      );
      void queryClient.invalidateQueries({ queryKey: ['admin', 'dead-letters'] });
    },
  });
}
