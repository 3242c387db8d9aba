import { PSP_SANDBOX_LIMITS } from './psp-sandbox';
import type { BreakerView } from './resilience';

/**
 * Message patterns of the payments service: Nest TCP in the embedded profile, request/reply over RabbitMQ in the
 * production one (same handlers). Every write takes the caller's idempotency key (an order's step key): the same
 * key answers the first outcome again and never reaches the provider twice for one effect.
 */
export const PAYMENTS_PATTERNS = {
  authorize: 'payments.authorize',
  capture: 'payments.capture',
  void: 'payments.void',
  voidAuthorization: 'payments.void-authorization',
  refund: 'payments.refund',
  get: 'payments.get',
  list: 'payments.list',
  breakers: 'payments.breakers',
} as const;

export const PAYMENTS_LIMITS = {
  /** ISO 4217 codes payments accepts: the provider's. */
  currencies: PSP_SANDBOX_LIMITS.currencies,
  idempotencyKeyMaxLength: 200,
  orderIdMaxLength: 100,
  cardTokenMaxLength: 100,
  pageSizeMax: 100,
  pageSizeDefault: 20,
} as const;

export type PaymentCurrency = (typeof PAYMENTS_LIMITS.currencies)[number];

/**
 * `PENDING`: authorization asked for, its outcome not known yet (the provider did not answer in time or was
 * unavailable; the same key or a void settles it). `AUTHORIZED` holds the money; `DECLINED` never did;
 * `CAPTURED` took it (in part or whole, `capturedAmount`); `REFUNDED` gave all of the captured amount back;
 * `VOIDED` released the hold.
 */
export const PAYMENT_STATUSES = [
  'PENDING',
  'AUTHORIZED',
  'DECLINED',
  'CAPTURED',
  'REFUNDED',
  'VOIDED',
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export type PaymentOperationKind = 'authorize' | 'capture' | 'void' | 'refund';

/** One call to the provider: every attempt of every operation is kept, for support and reconciliation. */
export interface PaymentAttemptView {
  operation: PaymentOperationKind;
  /** 1 for the first attempt of an operation, 2 for its first retry... */
  attempt: number;
  /** `approved`, `declined`, `ok`, `error` (5xx, refused connection), `timeout`, `rejected` (breaker open). */
  outcome: 'approved' | 'declined' | 'ok' | 'error' | 'timeout' | 'rejected';
  httpStatus: number | null;
  latencyMs: number;
  error: string | null;
  /** ISO 8601. */
  at: string;
}

export interface PaymentView {
  id: string;
  orderId: string;
  status: PaymentStatus;
  /** Minor units. */
  amount: number;
  currency: string;
  capturedAmount: number;
  refundedAmount: number;
  /** The card network's reason, for `DECLINED`: CARD_DECLINED, CARD_INSUFFICIENT_FUNDS, CARD_EXPIRED. */
  declineCode: string | null;
  cardLast4: string;
  /** The provider's authorization id, once known. */
  providerReference: string | null;
  createdAt: string;
  updatedAt: string;
  attempts: PaymentAttemptView[];
}

export interface PaymentPage {
  items: PaymentView[];
  nextCursor: string | null;
}

interface Idempotent {
  /** The caller's key for this effect (an order's step key, `<orderId>:<step>`). */
  idempotencyKey: string;
}

export interface AuthorizePaymentRequest extends Idempotent {
  orderId: string;
  amount: number;
  currency: string;
  cardToken: string;
}

export interface CapturePaymentRequest extends Idempotent {
  paymentId: string;
  /** Partial capture; the whole authorized amount when left out. */
  amount?: number;
}

export interface VoidPaymentRequest extends Idempotent {
  paymentId: string;
}

/**
 * Releases whatever the authorization asked under `authorizeKey` holds, whether or not it has reached payments yet:
 * one that arrives later answers VOIDED and never reaches the provider. A compensation's call: it needs no payment id,
 * so an authorization whose answer was lost (or that is still on its way) is released too. `orderId`, `amount` and
 * `currency` describe the authorization that may come.
 */
export interface VoidAuthorizationRequest extends Idempotent {
  authorizeKey: string;
  orderId: string;
  amount: number;
  currency: string;
}

export interface RefundPaymentRequest extends Idempotent {
  paymentId: string;
  amount: number;
}

export interface GetPaymentRequest {
  paymentId: string;
}

export interface ListPaymentsRequest {
  orderId?: string;
  status?: PaymentStatus;
  cursor?: string;
  limit?: number;
}

export interface BreakersReply {
  breakers: BreakerView[];
}
