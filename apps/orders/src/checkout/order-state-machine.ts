import { OrderStatus } from '@bazaar/contracts';

/**
 * What can happen to a checkout saga: the outcome of a step, a deadline passing, or the shopper asking to cancel.
 * Each is applied with `next(status, event)`, the only place that says which status follows which.
 */
export const SAGA_EVENTS = [
  /** Inventory reserved every line. */
  'stockReserved',
  /** Inventory refused: a line is out of stock (nothing was reserved, nothing to undo). */
  'outOfStock',
  /** Inventory could not be reached before the order's deadline: release whatever it may have reserved. */
  'stockUnavailable',
  'paymentAuthorized',
  'paymentDeclined',
  /** Payments stayed unavailable past the payment deadline. */
  'paymentUnavailable',
  /** The payment was captured and the reservation committed. */
  'confirmed',
  /** Capture or commit failed for good (the reservation expired, the authorization lapsed): undo the rest. */
  'confirmationFailed',
  /** The shopper cancelled: before confirmation the saga compensates, after it the payment is refunded. */
  'cancelRequested',
  /** Every recorded compensation ran. */
  'compensationDone',
  /** A compensation (or a refund) failed too many times: park the order for an admin. */
  'compensationExhausted',
  /** An admin asks for a parked order's compensations to run again. */
  'compensationRetried',
  /** The captured amount of a cancelled confirmed order was refunded. */
  'refunded',
] as const;
export type SagaEvent = (typeof SAGA_EVENTS)[number];

/**
 * The saga has no more work: no resumer claims it again. A confirmed order still takes `cancelRequested`, which
 * starts a refund.
 */
export const TERMINAL_STATUSES: readonly OrderStatus[] = ['CONFIRMED', 'REJECTED', 'CANCELLED', 'REFUNDED'];
/** Waits for an admin: not terminal, but no resumer claims it either. */
export const PARKED_STATUSES: readonly OrderStatus[] = ['COMPENSATION_FAILED'];

export const isTerminal = (status: OrderStatus): boolean => TERMINAL_STATUSES.includes(status);
/** Whether a resumer should keep running the saga (its next run is scheduled). */
export const needsWork = (status: OrderStatus): boolean =>
  !isTerminal(status) && !PARKED_STATUSES.includes(status);

const TRANSITIONS: Readonly<Record<OrderStatus, Partial<Record<SagaEvent, OrderStatus>>>> = {
  PENDING: {
    stockReserved: 'STOCK_RESERVED',
    outOfStock: 'REJECTED',
    stockUnavailable: 'CANCELLING',
    cancelRequested: 'CANCELLING',
  },
  STOCK_RESERVED: {
    paymentAuthorized: 'PAYMENT_AUTHORIZED',
    paymentDeclined: 'CANCELLING',
    paymentUnavailable: 'CANCELLING',
    cancelRequested: 'CANCELLING',
  },
  PAYMENT_AUTHORIZED: {
    confirmed: 'CONFIRMED',
    confirmationFailed: 'CANCELLING',
    cancelRequested: 'CANCELLING',
  },
  CANCELLING: {
    compensationDone: 'CANCELLED',
    compensationExhausted: 'COMPENSATION_FAILED',
  },
  COMPENSATION_FAILED: {
    compensationRetried: 'CANCELLING',
  },
  CONFIRMED: {
    cancelRequested: 'REFUNDING',
  },
  REFUNDING: {
    refunded: 'REFUNDED',
    compensationExhausted: 'COMPENSATION_FAILED',
  },
  REJECTED: {},
  CANCELLED: {},
  REFUNDED: {},
};

export type TransitionDecision =
  | { allowed: true; from: OrderStatus; to: OrderStatus }
  | { allowed: false; from: OrderStatus; reason: string };

/**
 * The status `event` leads to from `status`, or a refusal. A refusal is how a late or duplicate reply is dropped: a
 * payment authorized after the order was cancelled, a second stock reservation, anything after a terminal status.
 */
export function next(status: OrderStatus, event: SagaEvent): TransitionDecision {
  const to = TRANSITIONS[status][event];
  if (to) return { allowed: true, from: status, to };
  const reason = isTerminal(status)
    ? `the order is ${status}: its saga is over`
    : `${event} does not apply to an order that is ${status}`;
  return { allowed: false, from: status, reason };
}
