import { randomUUID } from 'node:crypto';
import {
  Caller,
  createEnvelope,
  EventEnvelope,
  IDENTITY_EVENTS,
  NotificationPage,
  NOTIFICATIONS_PATTERNS,
  OrderCancelledV1,
  OrderRefundedV1,
  OrderConfirmedV1,
  ORDERS_EVENTS,
} from '@bazaar/contracts';
import { consumeEvents } from '@bazaar/messaging';
import { BootedService, bootService } from '../../../test/support/boot-service';
import { BusHarness, eventually, postgresBus } from '../../../test/support/event-bus';
import { metricValue, scrape } from '../../../test/support/metrics';
import { SmtpSink, startSmtpSink } from '../../../test/support/smtp-sink';
import { AppModule } from '../src/app.module';

/**
 * Orders' real `confirmed` and `cancelled` events on the embedded bus become emails to the shopper, sent through
 * a real SMTP server on loopback, to the address identity's account events told notifications.
 */
describe('order emails (integration)', () => {
  let bus: BusHarness;
  let notifications: BootedService;
  let smtp: SmtpSink;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    bus = await postgresBus();
    notifications = await bootService(
      'notifications',
      AppModule,
      {
        ...bus.env(),
        // Three retries (about 1, 2 and 4 s on this bus): room for an account event to arrive in between.
        EVENT_RETRY_LIMIT: '3',
        SMTP_URL: smtp.url,
        DELIVERY_POLL_MS: '50',
      },
      'tcp',
      consumeEvents,
    );
  });

  afterAll(async () => {
    await notifications?.close();
    await bus?.close();
    await smtp?.close();
  });

  const registered = (userId: string, email: string, at = new Date()) =>
    createEnvelope({
      type: IDENTITY_EVENTS.userRegistered.type,
      producer: 'identity',
      correlationId: `order-emails-${userId}`,
      aggregateId: userId,
      occurredAt: at,
      payload: { userId, email, registeredAt: at.toISOString() },
    });

  /** An order of two lines, 2 × 12.50 + 1 × 8.00 EUR, as orders records it when the order enters `status`. */
  function orderEvent(
    type: string,
    userId: string,
    status: 'CONFIRMED' | 'CANCELLED' | 'REFUNDED',
    reason?: string,
  ) {
    const orderId = randomUUID();
    return createEnvelope<OrderConfirmedV1 | OrderCancelledV1 | OrderRefundedV1>({
      type,
      producer: 'orders',
      correlationId: `checkout-${orderId}`,
      aggregateId: orderId,
      payload: {
        orderId,
        userId,
        status,
        currency: 'EUR',
        total: 3_300,
        lines: [
          { productId: randomUUID(), sku: 'SHIRT-1', name: 'Linen shirt', unitPrice: 1_250, quantity: 2 },
          { productId: randomUUID(), sku: 'MUG-1', name: 'Stoneware mug', unitPrice: 800, quantity: 1 },
        ],
        ...(reason ? { reason } : {}),
        occurredAt: new Date().toISOString(),
      },
    });
  }

  const mine = (userId: string) => {
    const caller: Caller = { userId, roles: ['customer'] };
    return notifications.call<NotificationPage>(NOTIFICATIONS_PATTERNS.listMine, {}, { caller });
  };

  const consumed = async (type: string, outcome: string) =>
    metricValue(await scrape(notifications.ops), 'events_consumed_total', { type, outcome });

  /** A shopper notifications knows the address of: their welcome email is stored. */
  async function knownShopper(): Promise<{ userId: string; email: string }> {
    const userId = randomUUID();
    const email = `shopper-${userId.slice(0, 8)}@example.com`;
    await bus.publish(registered(userId, email));
    await eventually(
      () => mine(userId),
      (page) => page.items.length === 1,
    );
    return { userId, email };
  }

  const sentTo = (email: string, subject: string) =>
    smtp.received.filter((mail) => mail.to.includes(email) && mail.subject === subject);

  it('emails a confirmed order once, with each line and the total in euros, however often it is delivered', async () => {
    const { userId, email } = await knownShopper();
    const confirmed = orderEvent(ORDERS_EVENTS.orderConfirmed.type, userId, 'CONFIRMED');
    const { orderId } = confirmed.payload;
    const duplicatesBefore = await consumed(confirmed.type, 'duplicate');

    await bus.publish(confirmed);
    await bus.publish(confirmed);
    await eventually(
      () => consumed(confirmed.type, 'duplicate'),
      (count) => count === duplicatesBefore + 1,
      20_000,
      'the second delivery to be skipped as a duplicate',
    );
    const page = await eventually(
      () => mine(userId),
      (p) => p.items[0]?.eventType === confirmed.type && p.items[0].status === 'sent',
    );

    const subject = `Your Bazaar order ${orderId} is confirmed`;
    expect(page.items.filter((item) => item.eventType === confirmed.type)).toEqual([
      expect.objectContaining({ channel: 'email', recipient: email, subject, status: 'sent', attempts: 1 }),
    ]);
    const mails = sentTo(email, subject);
    expect(mails).toHaveLength(1);
    expect(mails[0].text).toContain(`your order ${orderId} is confirmed, and your card was charged €33.00.`);
    expect(mails[0].text).toContain(
      '  2 × Linen shirt at €12.50 each: €25.00\n  1 × Stoneware mug at €8.00 each: €8.00',
    );
    expect(mails[0].text).toContain('Total: €33.00');
    expect(page.items[0].body).toBe(mails[0].text);
  });

  it('emails a cancelled order with the reason in plain words, its lines and total', async () => {
    const { userId, email } = await knownShopper();
    const cancelled = orderEvent(ORDERS_EVENTS.orderCancelled.type, userId, 'CANCELLED', 'CARD_DECLINED');
    await bus.publish(cancelled);

    const subject = `Your Bazaar order ${cancelled.payload.orderId} was cancelled`;
    await eventually(
      async () => sentTo(email, subject),
      (mails) => mails.length === 1,
      20_000,
      'the cancellation email',
    );
    const [mail] = sentTo(email, subject);
    expect(mail.text).toContain(
      `your order ${cancelled.payload.orderId} was cancelled: your card was declined by its issuer.`,
    );
    expect(mail.text).toContain('Nothing was charged to your card');
    expect(mail.text).toContain('  2 × Linen shirt at €12.50 each: €25.00');
    expect(mail.text).toContain('Total: €33.00');
    expect(mail.text).not.toContain('CARD_DECLINED');
    const page = await mine(userId);
    expect(page.items[0]).toMatchObject({ eventType: cancelled.type, subject, recipient: email });
  });

  it('emails a refunded order with the amount given back', async () => {
    const { userId, email } = await knownShopper();
    const refunded = orderEvent(ORDERS_EVENTS.orderRefunded.type, userId, 'REFUNDED');
    await bus.publish(refunded);

    const subject = `Your Bazaar order ${refunded.payload.orderId} was refunded`;
    await eventually(
      async () => sentTo(email, subject),
      (mails) => mails.length === 1,
      20_000,
      'the refund email',
    );
    const [mail] = sentTo(email, subject);
    expect(mail.text).toContain('and €33.00 was\nrefunded to your card.');
    expect(mail.text).toContain('Total: €33.00');
  });

  it('retries an order event whose shopper’s address is not known yet, and emails it once the account event arrives', async () => {
    const userId = randomUUID();
    const email = `late-${userId.slice(0, 8)}@example.com`;
    const confirmed = orderEvent(ORDERS_EVENTS.orderConfirmed.type, userId, 'CONFIRMED');
    const retriesBefore = await consumed(confirmed.type, 'retried');

    await bus.publish(confirmed);
    await eventually(
      () => consumed(confirmed.type, 'retried'),
      (count) => count > retriesBefore,
      20_000,
      'the order event to fail for want of an address',
    );
    await expect(mine(userId)).resolves.toMatchObject({ items: [] });
    await bus.publish(registered(userId, email));

    const subject = `Your Bazaar order ${confirmed.payload.orderId} is confirmed`;
    await eventually(
      async () => sentTo(email, subject),
      (mails) => mails.length === 1,
      20_000,
      'the order email after the account event',
    );
  });

  it('dead-letters an order event for a user no account event ever told the address of, saying why', async () => {
    const userId = randomUUID();
    const confirmed = orderEvent(ORDERS_EVENTS.orderConfirmed.type, userId, 'CONFIRMED');
    await bus.publish(confirmed);

    const letters = await eventually(
      () => bus.deadLetters.list('notifications', 50),
      (list) => list.some((letter) => letter.eventId === confirmed.id),
      30_000,
      'the order event to be dead-lettered',
    );
    const letter = letters.find((l) => l.eventId === confirmed.id);
    expect(letter).toMatchObject({ type: confirmed.type, attempts: 4 });
    expect(letter?.reason).toBe(
      `RecipientUnknownError: no email address known for user ${userId}: no account event of identity's has told it yet`,
    );
    await expect(mine(userId)).resolves.toMatchObject({ items: [] });
  }, 60_000);

  it('keeps the newest address: an older account event delivered late does not bring back the old one', async () => {
    const userId = randomUUID();
    const older = registered(userId, `old-${userId.slice(0, 8)}@example.com`, new Date(Date.now() - 60_000));
    const newer: EventEnvelope = createEnvelope({
      type: IDENTITY_EVENTS.userPasswordChanged.type,
      producer: 'identity',
      correlationId: `order-emails-${userId}`,
      aggregateId: userId,
      payload: {
        userId,
        email: `new-${userId.slice(0, 8)}@example.com`,
        changedAt: new Date().toISOString(),
      },
    });
    await bus.publish(newer);
    await eventually(
      () => mine(userId),
      (page) => page.items.length === 1,
    );
    await bus.publish(older);
    await eventually(
      () => mine(userId),
      (page) => page.items.length === 2,
    );

    const confirmed = orderEvent(ORDERS_EVENTS.orderConfirmed.type, userId, 'CONFIRMED');
    await bus.publish(confirmed);
    const page = await eventually(
      () => mine(userId),
      (p) => p.items.some((item) => item.eventType === confirmed.type),
    );
    expect(page.items.find((item) => item.eventType === confirmed.type)?.recipient).toBe(
      `new-${userId.slice(0, 8)}@example.com`,
    );
  });
});
