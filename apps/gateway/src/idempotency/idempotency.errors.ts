import { DomainError } from '@bazaar/platform';

export const keyReused = () =>
  new DomainError(
    'IDEMPOTENCY_KEY_REUSED',
    'This Idempotency-Key was first used with another request (body, route or caller); use a new key for a new request.',
  );

export const keyInUse = (retryAfter: number) =>
  new DomainError(
    'IDEMPOTENCY_KEY_IN_USE',
    `The first request with this Idempotency-Key is still running; retry in ${retryAfter} s for its answer.`,
    { retryAfter },
  );

export const keyStoreUnavailable = () =>
  new DomainError(
    'SERVICE_UNAVAILABLE',
    'Idempotency keys cannot be checked right now; retry with the same key.',
  );
