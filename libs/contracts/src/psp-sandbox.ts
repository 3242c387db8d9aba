/**
 * The card processor's public API (psp-sandbox plays it): what a provider's SDK would type. Amounts are integers
 * in the currency's minor unit (cents); every POST takes an `Idempotency-Key` header.
 */
export const PSP_SANDBOX_LIMITS = {
  /** ISO 4217 codes the processor settles in. */
  currencies: ['EUR', 'USD', 'GBP', 'CHF', 'SEK', 'PLN'],
  idempotencyKeyMaxLength: 255,
  referenceMaxLength: 200,
} as const;

export const PSP_IDEMPOTENCY_HEADER = 'idempotency-key';
/** Set on an answer replayed for a repeated idempotency key. */
export const PSP_REPLAYED_HEADER = 'idempotent-replayed';

/**
 * Test cards by token. `tok_approve_after_<N>s` approves after N seconds (1-30); `tok_fail_once` answers 500 to the
 * first request of each idempotency key, then approves.
 */
export const PSP_TEST_CARDS = {
  approved: 'tok_approved',
  declined: 'tok_declined',
  insufficientFunds: 'tok_insufficient_funds',
  expired: 'tok_expired',
  failOnce: 'tok_fail_once',
  approveAfter: (seconds: number) => `tok_approve_after_${seconds}s`,
} as const;

export type PspAuthorizationStatus = 'authorized' | 'captured' | 'voided';

export interface PspAuthorizeRequest {
  amount: number;
  currency: string;
  cardToken: string;
  /** The merchant's reference (an order id): shown in the ledger. */
  reference?: string;
}

export interface PspCaptureRequest {
  /** Partial capture; the whole authorized amount when left out. The rest is released. */
  amount?: number;
}

export interface PspRefundRequest {
  authorizationId: string;
  amount: number;
}

export interface PspRefund {
  id: string;
  authorizationId: string;
  amount: number;
  currency: string;
  createdAt: string;
}

export interface PspAuthorization {
  id: string;
  status: PspAuthorizationStatus;
  amount: number;
  currency: string;
  capturedAmount: number;
  refundedAmount: number;
  reference: string | null;
  /** The last four characters of the card token, as a processor shows the card. */
  cardLast4: string;
  createdAt: string;
  updatedAt: string;
}

export interface PspLedgerEntry extends PspAuthorization {
  refunds: PspRefund[];
}

export interface PspLedger {
  entries: PspLedgerEntry[];
  /** Per currency: held (authorized, not yet captured or voided), captured, refunded. */
  totals: Record<string, { authorized: number; captured: number; refunded: number }>;
}

/** The fault knobs, from the environment at start and from `PUT /v1/sandbox/faults` at run time. */
export interface PspFaults {
  /** 0-1: the share of API requests answered 500 before anything is done. */
  failureRate: number;
  /** Added to every API request, plus a random 0..latencyJitterMs. */
  latencyMs: number;
  latencyJitterMs: number;
  /** `reset`: connections are dropped unanswered; `hang`: requests are never answered; `none`: up. */
  outage: 'none' | 'reset' | 'hang';
  /** 0-1: the share of successful writes whose answer is lost after the work is done (the caller times out). */
  lostResponseRate: number;
}

/** `GET /v1/sandbox/stats`: what the sandbox has seen since it started. */
export interface PspSandboxStats {
  /** API requests received, whatever became of them (answered, failed, dropped by an outage). */
  requestsReceived: number;
}
