import { PaymentAttemptView, PspAuthorization, ProblemDetails } from '@bazaar/contracts';

/** One call made to the provider, as the attempt log keeps it. */
export type AttemptRecord = Omit<PaymentAttemptView, 'operation' | 'at'> & { at: Date };

/**
 * What an operation got from the provider, once retries are done. Provider failures are answers here, not
 * exceptions: the service decides what each means for the payment.
 */
export type ProviderAnswer<TBody> =
  /** 2xx: the effect happened (or had happened: a replay of the same key). */
  | { kind: 'ok'; body: TBody }
  /** 402: the card network refused the authorization. */
  | { kind: 'declined'; code: string; detail: string }
  /** Another 4xx: the provider refused the request itself (a state or amount the provider disagrees with). */
  | { kind: 'refused'; status: number; problem: Partial<ProblemDetails> }
  /** No answer in time, 5xx or no connection after every allowed attempt, or the breaker open: outcome unknown. */
  | { kind: 'unavailable'; reason: string; breakerOpen: boolean };

export type AuthorizationAnswer = ProviderAnswer<PspAuthorization>;
