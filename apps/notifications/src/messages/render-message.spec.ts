import { createEnvelope, IDENTITY_EVENTS, ORDERS_EVENTS } from '@bazaar/contracts';
import { renderMessages } from './render-message';

const user = { userId: '0192f3a4-5b6c-7d8e-9f00-112233445566', email: 'ada@example.com' };
const envelope = (type: string, payload: object) =>
  createEnvelope({ type, producer: 'identity', correlationId: 'r', aggregateId: user.userId, payload });

describe('renderMessages', () => {
  it('welcomes a new user by email, naming the account', () => {
    const [message] = renderMessages(
      envelope(IDENTITY_EVENTS.userRegistered.type, { ...user, registeredAt: '2026-11-25T10:00:00.000Z' }),
    );
    expect(message.channel).toBe('email');
    expect(message.subject).toBe('Welcome to Bazaar');
    expect(message.body).toContain('ada@example.com');
  });

  it('tells when the password changed, in UTC', () => {
    const [message] = renderMessages(
      envelope(IDENTITY_EVENTS.userPasswordChanged.type, { ...user, changedAt: '2026-11-25T10:07:31.000Z' }),
    );
    expect(message.subject).toBe('Your Bazaar password was changed');
    expect(message.body).toContain('2026-11-25 at 10:07 UTC');
  });

  const order = {
    orderId: '0192f3a4-5b6c-7d8e-9f00-aabbccddeeff',
    userId: user.userId,
    currency: 'EUR',
    total: 3_300,
    lines: [
      { productId: user.userId, sku: 'SHIRT-1', name: 'Linen shirt', unitPrice: 1_250, quantity: 2 },
      { productId: user.userId, sku: 'MUG-1', name: 'Stoneware mug', unitPrice: 800, quantity: 1 },
    ],
    occurredAt: '2026-11-25T10:00:00.000Z',
  };

  it('confirms an order by email: its id, each line with quantity, unit price and line total, the total', () => {
    const [message] = renderMessages(
      envelope(ORDERS_EVENTS.orderConfirmed.type, { ...order, status: 'CONFIRMED' }),
    );
    expect(message.channel).toBe('email');
    expect(message.subject).toBe(`Your Bazaar order ${order.orderId} is confirmed`);
    expect(message.body).toContain(
      `your order ${order.orderId} is confirmed, and your card was charged €33.00.`,
    );
    expect(message.body).toContain(
      '  2 × Linen shirt at €12.50 each: €25.00\n  1 × Stoneware mug at €8.00 each: €8.00',
    );
    expect(message.body).toContain('Total: €33.00');
  });

  it('tells of a cancelled order with its reason in plain words, its lines and total, and that nothing was charged', () => {
    const [message] = renderMessages(
      envelope(ORDERS_EVENTS.orderCancelled.type, {
        ...order,
        status: 'CANCELLED',
        reason: 'CARD_INSUFFICIENT_FUNDS',
      }),
    );
    expect(message.subject).toBe(`Your Bazaar order ${order.orderId} was cancelled`);
    expect(message.body).toContain(
      `your order ${order.orderId} was cancelled: your card has insufficient funds for it.`,
    );
    expect(message.body).toContain('Nothing was charged to your card');
    expect(message.body).toContain('  2 × Linen shirt at €12.50 each: €25.00');
    expect(message.body).toContain('Total: €33.00');
    expect(message.body).not.toContain('CARD_INSUFFICIENT_FUNDS');
  });

  it('tells of a refunded order with the amount given back and its lines', () => {
    const [message] = renderMessages(
      envelope(ORDERS_EVENTS.orderRefunded.type, { ...order, status: 'REFUNDED' }),
    );
    expect(message.subject).toBe(`Your Bazaar order ${order.orderId} was refunded`);
    expect(message.body).toContain(
      `your order ${order.orderId} was cancelled after it was confirmed, and €33.00 was\nrefunded to your card.`,
    );
    expect(message.body).toContain('  2 × Linen shirt at €12.50 each: €25.00');
    expect(message.body).toContain('Total: €33.00');
  });

  it('refuses an event it has no template for', () => {
    expect(() => renderMessages(envelope('catalog.product.created.v1', {}))).toThrow(/no message template/);
  });
});
