import { OrderCancelledV1, OrderConfirmedV1, OrderEventLineV1, OrderRefundedV1 } from '@bazaar/contracts';
import { cancellationInPlainWords } from './cancellation-reason';
import { formatMoney } from './money';
import { RenderedMessage } from './rendered-message';

/** A confirmed order: what was bought, at what price, and the total charged. */
export function orderConfirmedEmail(order: OrderConfirmedV1): RenderedMessage {
  return {
    channel: 'email',
    subject: `Your Bazaar order ${order.orderId} is confirmed`,
    body: [
      'Hello,',
      '',
      `thank you: your order ${order.orderId} is confirmed, and your card was charged ${money(order, order.total)}.`,
      '',
      ...linesOf(order),
      '',
      'The Bazaar team',
    ].join('\n'),
  };
}

/** A cancelled order: why, in plain words, and what it held (nothing of it was charged). */
export function orderCancelledEmail(order: OrderCancelledV1): RenderedMessage {
  return {
    channel: 'email',
    subject: `Your Bazaar order ${order.orderId} was cancelled`,
    body: [
      'Hello,',
      '',
      `your order ${order.orderId} was cancelled: ${cancellationInPlainWords(order.reason)}.`,
      'Nothing was charged to your card, and any amount held for it is released.',
      '',
      'The order was:',
      ...linesOf(order),
      '',
      'You can place it again at any time.',
      '',
      'The Bazaar team',
    ].join('\n'),
  };
}

/** A confirmed order the shopper cancelled: the whole amount goes back to the card. */
export function orderRefundedEmail(order: OrderRefundedV1): RenderedMessage {
  return {
    channel: 'email',
    subject: `Your Bazaar order ${order.orderId} was refunded`,
    body: [
      'Hello,',
      '',
      `your order ${order.orderId} was cancelled after it was confirmed, and ${money(order, order.total)} was`,
      'refunded to your card. Depending on your bank, it can take a few days to appear.',
      '',
      'The order was:',
      ...linesOf(order),
      '',
      'The Bazaar team',
    ].join('\n'),
  };
}

/** One line per product (`2 × Linen shirt at €25.00 each: €50.00`), then the total. */
function linesOf(order: OrderConfirmedV1 | OrderCancelledV1 | OrderRefundedV1): string[] {
  return [
    ...order.lines.map((line: OrderEventLineV1) => {
      const each = money(order, line.unitPrice);
      return `  ${line.quantity} × ${line.name} at ${each} each: ${money(order, line.unitPrice * line.quantity)}`;
    }),
    `Total: ${money(order, order.total)}`,
  ];
}

const money = (order: { currency: string }, minorUnits: number): string =>
  formatMoney(minorUnits, order.currency);
