import { DomainError } from '@bazaar/platform';

export const idempotencyKeyReused = (idempotencyKey: string) =>
  new DomainError(
    'IDEMPOTENCY_KEY_REUSED',
    'This idempotency key was used for another order request; use a new key for a new order.',
    { idempotencyKey },
  );
