/**
 * Why an order was cancelled, in words for its shopper. Orders records the technical reason (a decline code, an
 * error as `CODE: message`, a passed deadline); known ones are put in plain words here, and anything else gets a
 * general sentence: an internal message is no explanation for a shopper.
 */
const BY_CODE: Readonly<Record<string, string>> = {
  CARD_DECLINED: 'your card was declined by its issuer',
  CARD_INSUFFICIENT_FUNDS: 'your card has insufficient funds for it',
  CARD_EXPIRED: 'your card has expired',
  PAYMENT_AMOUNT_EXCEEDED: 'its amount is above what can be charged to a card here',
  INSUFFICIENT_STOCK: 'some of its items are no longer in stock',
  RESERVATION_CLOSED: 'its items could not be held for you long enough',
  RESERVATION_NOT_FOUND: 'its items could not be held for you long enough',
  PAYMENT_PROVIDER_UNAVAILABLE: 'we could not reach the payment provider in time',
  SERVICE_UNAVAILABLE: 'we could not complete it in time',
};

const GENERAL = 'we could not complete it';

/** Reason patterns of the checkout saga (apps/orders/src/checkout), checked in this order. */
const BY_PATTERN: ReadonlyArray<[RegExp, string]> = [
  // A step retried until the order's stored deadline: whatever failed last, the order ran out of time.
  [/^deadline passed\b/i, 'we could not complete it in time'],
  // The shopper's own cancel (orders' CANCELLED_BY_SHOPPER).
  [/^cancelled by the shopper$/i, 'you cancelled it'],
  [/\bcancel\w*\b.*\brequest/i, 'its cancellation was requested'],
  // A decline without a code from the card processor.
  [/^declined$/i, BY_CODE.CARD_DECLINED],
  // Inventory answered that the reservation had expired or was closed before the order could commit it.
  [/^the reservation is /i, BY_CODE.RESERVATION_CLOSED],
];

/** `CARD_DECLINED` alone (a decline code), or `CODE: message`. */
const LEADING_CODE = /^([A-Z][A-Z0-9_]+)(?::|$)/;

export function cancellationInPlainWords(reason: string | undefined): string {
  if (!reason) return GENERAL;
  const pattern = BY_PATTERN.find(([test]) => test.test(reason));
  if (pattern) return pattern[1];
  const code = LEADING_CODE.exec(reason)?.[1];
  return (code && BY_CODE[code]) || GENERAL;
}
