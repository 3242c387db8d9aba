import { randomUUID } from 'node:crypto';
import { SMTPServer, SMTPServerOptions } from 'smtp-server';
import {
  Caller,
  createEnvelope,
  IDENTITY_EVENTS,
  NotificationPage,
  NOTIFICATIONS_PATTERNS,
} from '@bazaar/contracts';
import { consumeEvents } from '@bazaar/messaging';
import { BootedService, bootService } from '../../../test/support/boot-service';
import { BusHarness, eventually, postgresBus } from '../../../test/support/event-bus';
import { freePort } from '../../../test/support/free-port';
import { AppModule } from '../src/app.module';

interface ReceivedMail {
  to: string[];
  data: string;
}

/** Notifications sending through a real SMTP server on loopback: delivered mail, and failures retried, visible. */
describe('email delivery over SMTP', () => {
  let bus: BusHarness;
  let notifications: BootedService;
  let smtp: SMTPServer;
  const received: ReceivedMail[] = [];
  /** Recipients the server refuses with a permanent error. */
  const refused = new Set<string>();
  /** Recipients refused this many more times, then accepted. */
  const refuseTimes = new Map<string, number>();

  beforeAll(async () => {
    const port = await freePort();
    const options: SMTPServerOptions = {
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        const times = refuseTimes.get(address.address) ?? 0;
        if (times > 0) refuseTimes.set(address.address, times - 1);
        if (refused.has(address.address) || times > 0) {
          const error = new Error('mailbox unavailable') as Error & { responseCode: number };
          error.responseCode = 550;
          callback(error);
          return;
        }
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          received.push({
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            data: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    };
    smtp = new SMTPServer(options);
    await new Promise<void>((resolve) => smtp.listen(port, '127.0.0.1', resolve));
    bus = await postgresBus();
    notifications = await bootService(
      'notifications',
      AppModule,
      {
        ...bus.env(),
        SMTP_URL: `smtp://127.0.0.1:${port}?tls=off`,
        MAIL_FROM: 'Bazaar <hello@bazaar.test>',
        DELIVERY_POLL_MS: '50',
        DELIVERY_RETRY_DELAY_MS: '50',
        DELIVERY_MAX_ATTEMPTS: '3',
        DELIVERY_TIMEOUT_MS: '2000',
      },
      'tcp',
      consumeEvents,
    );
  });

  afterAll(async () => {
    await notifications?.close();
    await bus?.close();
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  });

  const registered = (email: string) => {
    const userId = randomUUID();
    return {
      userId,
      envelope: createEnvelope({
        type: IDENTITY_EVENTS.userRegistered.type,
        producer: 'identity',
        correlationId: `smtp-${userId}`,
        aggregateId: userId,
        payload: { userId, email, registeredAt: new Date().toISOString() },
      }),
    };
  };
  const mine = (userId: string) => {
    const caller: Caller = { userId, roles: ['customer'] };
    return notifications.call<NotificationPage>(NOTIFICATIONS_PATTERNS.listMine, {}, { caller });
  };

  it('sends the welcome email through the SMTP server and marks it sent', async () => {
    const email = `smtp-${randomUUID()}@example.com`;
    const { userId, envelope } = registered(email);
    await bus.publish(envelope);
    const page = await eventually(
      () => mine(userId),
      (p) => p.items[0]?.status === 'sent',
    );
    expect(page.items[0]).toMatchObject({ attempts: 1, lastError: null, recipient: email });
    const mail = received.find((m) => m.to.includes(email));
    expect(mail?.data).toContain('Subject: Welcome to Bazaar');
    expect(mail?.data).toContain('From: Bazaar <hello@bazaar.test>');
  });

  it('retries a refused delivery with back-off, then marks it failed with the reason', async () => {
    const email = `refused-${randomUUID()}@example.com`;
    refused.add(email);
    const { userId, envelope } = registered(email);
    await bus.publish(envelope);
    const page = await eventually(
      () => mine(userId),
      (p) => p.items[0]?.status === 'failed',
    );
    expect(page.items[0].attempts).toBe(3);
    expect(page.items[0].lastError).toMatch(/550/);
    expect(page.items[0].sentAt).toBeNull();
    const metrics = await fetch(`${notifications.ops}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/notification_delivery_attempts_total\{[^}]*outcome="failed"[^}]*\} 1/);
  });

  it('retries after a refusal and delivers on the next attempt', async () => {
    const email = `later-${randomUUID()}@example.com`;
    refuseTimes.set(email, 1);
    const { userId, envelope } = registered(email);
    await bus.publish(envelope);
    const page = await eventually(
      () => mine(userId),
      (p) => p.items[0]?.status === 'sent',
    );
    expect(page.items[0]).toMatchObject({ attempts: 2, lastError: null });
    expect(received.filter((m) => m.to.includes(email))).toHaveLength(1);
  });
});
