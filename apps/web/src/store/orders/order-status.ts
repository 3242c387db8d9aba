import type { components } from '../../generated/api';

export type Order = components['schemas']['OrderDto'];
export type OrderStatus = Order['status'];
export type OrderStep = NonNullable<Order['steps']>[number];

/** Statuses the saga leaves alone: nothing changes after them without a person acting. */
const SETTLED: ReadonlySet<OrderStatus> = new Set([
  'CONFIRMED',
  'REJECTED',
  'CANCELLED',
  'REFUNDED',
  'COMPENSATION_FAILED',
]);

export function isSettled(status: OrderStatus): boolean {
  return SETTLED.has(status);
}

/** Each status as a shopper reads it. */
export const STATUS_WORDING: Record<OrderStatus, string> = {
  PENDING: 'Placed, being processed',
  STOCK_RESERVED: 'Stock reserved, taking payment',
  PAYMENT_AUTHORIZED: 'Payment authorized, confirming',
  CONFIRMED: 'Confirmed',
  REJECTED: 'Rejected',
  CANCELLING: 'Being cancelled',
  CANCELLED: 'Cancelled',
  COMPENSATION_FAILED: 'Held for our team to resolve',
  REFUNDING: 'Being refunded',
  REFUNDED: 'Refunded',
};

/** Each saga step as a shopper reads it. */
export const STEP_WORDING: Record<string, string> = {
  place: 'Order placed',
  'reserve-stock': 'Reserve the stock',
  'authorize-payment': 'Authorize the payment',
  'capture-payment': 'Take the payment',
  'commit-stock': 'Commit the stock',
  'release-stock': 'Release the reserved stock',
  'void-payment': 'Void the payment authorization',
  cancel: 'Cancellation requested',
  refund: 'Refund the payment',
};

/** What the card processor's refusal codes mean, in plain words. */
export const DECLINES: Record<string, string> = {
  CARD_DECLINED: 'Your card was declined by its issuer.',
  CARD_INSUFFICIENT_FUNDS: 'Your card was declined: insufficient funds.',
  CARD_EXPIRED: 'Your card was declined: it has expired.',
};

/** The payment refusal in an order's timeline, in words, if its payment was refused. */
export function declineOf(order: Order): string | undefined {
  const failed = order.steps?.find(
    (step) => step.step === 'authorize-payment' && step.outcome === 'failed' && step.detail,
  );
  if (!failed?.detail) return undefined;
  return DECLINES[failed.detail] ?? `The payment was refused (${failed.detail}).`;
}

/** One sentence about where the order stands, and what the shopper can do. */
export function outcomeOf(order: Order): { tone: 'ok' | 'bad' | 'wait'; text: string } {
  switch (order.status) {
    case 'CONFIRMED':
      return { tone: 'ok', text: 'Your order is confirmed. A confirmation email is on its way.' };
    case 'CANCELLED': {
      const decline = declineOf(order);
      return {
        tone: 'bad',
        text: decline
          ? `${decline} Your order was cancelled and no money was taken. You can try again with another card.`
          : 'Your order was cancelled. No money was taken.',
      };
    }
    case 'REJECTED':
      return {
        tone: 'bad',
        text: 'Your order was rejected: some products are no longer in stock. No money was taken.',
      };
    case 'REFUNDED':
      return { tone: 'ok', text: 'Your order was cancelled and the payment refunded.' };
    case 'COMPENSATION_FAILED':
      return {
        tone: 'bad',
        text: 'Something went wrong while undoing this order. Our team has been alerted and will resolve it.',
      };
    default:
      return { tone: 'wait', text: 'We are processing your order. This page updates by itself.' };
  }
}
