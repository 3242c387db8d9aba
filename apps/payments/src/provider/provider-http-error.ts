import { ProblemDetails } from '@bazaar/contracts';
import { FailurePolicy } from '@bazaar/resilience';

/** A non-2xx answer from the provider, with its problem body when it sent one. */
export class ProviderHttpError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Partial<ProblemDetails>,
  ) {
    super(`the provider answered ${status}${problem.code ? ` ${problem.code}` : ''}`);
    this.name = 'ProviderHttpError';
  }
}

/**
 * The card processor's failures: 5xx, 429, "a request with this key is in progress" (409 IDEMPOTENCY_KEY_IN_USE)
 * and connection errors are worth another attempt with the same key; other 4xx are this service's own mistake
 * or a refusal, say nothing about the provider's health and are never retried. A decline (402) is not a failure
 * at all: the action answers it.
 */
export const PROVIDER_FAILURES: FailurePolicy = {
  isRetryable(error) {
    if (error instanceof ProviderHttpError) {
      return error.status >= 500 || error.status === 429 || isKeyInUse(error);
    }
    return isNetworkFailure(error);
  },
  isCallersFault(error) {
    return error instanceof ProviderHttpError && error.status < 500 && error.status !== 429;
  },
};

export function isKeyInUse(error: ProviderHttpError): boolean {
  return error.status === 409 && error.problem.code === 'IDEMPOTENCY_KEY_IN_USE';
}

/**
 * fetch's own failures (refused, reset, DNS): a TypeError "fetch failed" with the socket error as its cause.
 * Matched by name, not `instanceof`: fetch's errors come from Node's realm, which is not every caller's (a test
 * runner's sandbox has its own TypeError).
 */
export function isNetworkFailure(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'TypeError';
}
