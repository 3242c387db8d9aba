import { randomUUID } from 'node:crypto';
import {
  Caller,
  createEnvelope,
  IDENTITY_EVENTS,
  IDENTITY_PATTERNS,
  NotificationPage,
  NOTIFICATIONS_PATTERNS,
  UserView,
} from '@bazaar/contracts';
import { consumeEvents } from '@bazaar/messaging';
import { AppModule as IdentityModule } from '../../apps/identity/src/app.module';
import { AppModule as NotificationsModule } from '../../apps/notifications/src/app.module';
import { BootedService, bootService } from '../support/boot-service';
import { BusHarness, eventually, postgresBus, rabbitMqBus } from '../support/event-bus';
import { scrape, metricValue } from '../support/metrics';
import { describeIf, serverNamedBy } from '../support/skip';
import { TcpProxy } from '../support/tcp-proxy';
import { queryDatabase } from '../support/test-database';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const PASSWORD = 'correct horse battery staple';

/**
 * Events end to end between real services on a real bus: identity records user events in its outbox, the relay
 * publishes them, notifications consumes them through its inbox. The same scenarios run on each bus.
 */
function eventScenarios(name: string, createBus: () => Promise<BusHarness>): void {
  describe(`events on ${name}`, () => {
    let bus: BusHarness;
    let proxy: TcpProxy;
    let consumerProxy: TcpProxy;
    let identity: BootedService;
    let notifications: BootedService;
    let keysDir: string;

    const query = <T extends object>(service: BootedService, sql: string, values: unknown[] = []) =>
      queryDatabase<T>(service.database.url, sql, values);
    const register = (email: string) =>
      identity.call<UserView>(IDENTITY_PATTERNS.register, { email, password: PASSWORD, displayName: 'Ada' });
    const notificationsOf = (userId: string) => {
      const caller: Caller = { userId, roles: ['customer'] };
      return notifications.call<NotificationPage>(NOTIFICATIONS_PATTERNS.listMine, {}, { caller });
    };
    const countFor = async (userIds: string[]) => {
      const rows = await query<{ n: number }>(
        notifications,
        'SELECT count(*)::int AS n FROM notification WHERE user_id = ANY($1::uuid[])',
        [userIds],
      );
      return rows[0].n;
    };
    const pendingInOutbox = async () =>
      (await query<{ n: number }>(identity, 'SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL'))[0]
        .n;

    beforeAll(async () => {
      bus = await createBus();
      proxy = await TcpProxy.start(bus.target);
      consumerProxy = await TcpProxy.start(bus.target);
      keysDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bazaar-events-keys-'));
      // Each service reaches the bus through a proxy of its own, so a test can cut one off.
      identity = await bootService('identity', IdentityModule, {
        JWT_KEYS_DIR: keysDir,
        JWT_GENERATE_KEYS: 'true',
        BAZAAR_ADMIN_GENERATE: 'false',
        ...bus.env(proxy.port),
      });
      notifications = await bootService(
        'notifications',
        NotificationsModule,
        { ...bus.env(consumerProxy.port), DELIVERY_POLL_MS: '100' },
        'tcp',
        consumeEvents,
      );
    });

    afterAll(async () => {
      await notifications?.close();
      await identity?.close();
      await proxy?.down();
      await consumerProxy?.down();
      await bus?.close();
      fs.rmSync(keysDir, { recursive: true, force: true });
    });

    it('delivers a registration to notifications: a welcome email, stored and sent', async () => {
      const user = await register(`welcome-${randomUUID()}@example.com`);
      const page = await eventually(
        () => notificationsOf(user.id),
        (p) => p.items.length > 0 && p.items[0].status === 'sent',
      );
      expect(page.items).toHaveLength(1);
      expect(page.items[0]).toMatchObject({
        eventType: IDENTITY_EVENTS.userRegistered.type,
        channel: 'email',
        recipient: user.email,
        subject: 'Welcome to Bazaar',
        status: 'sent',
        attempts: 1,
        lastError: null,
      });
      // The outbox row was marked sent once the bus confirmed it, carrying the request ID of the registration.
      await eventually(pendingInOutbox, (n) => n === 0);
      const [row] = await query<{ envelope: { correlationId: string } }>(
        identity,
        'SELECT envelope FROM outbox WHERE aggregate_id = $1',
        [user.id],
      );
      expect(row.envelope.correlationId).toBe('it-identity');
      const [stored] = await query<{ correlation_id: string }>(
        notifications,
        'SELECT correlation_id FROM notification WHERE user_id = $1',
        [user.id],
      );
      expect(stored.correlation_id).toBe('it-identity');
    });

    // Second, before any scenario that cuts connections: nothing else is redelivered while it counts.
    it('has one effect for an event delivered twice, and counts each redelivery once, as a duplicate', async () => {
      const type = IDENTITY_EVENTS.userRegistered.type;
      const consumed = async () => {
        const text = await scrape(notifications.ops);
        const count = (outcome: string) => metricValue(text, 'events_consumed_total', { type, outcome });
        return { handled: count('handled'), duplicate: count('duplicate') };
      };
      const before = await consumed();
      const user = await register(`twice-${randomUUID()}@example.com`);
      await eventually(
        () => countFor([user.id]),
        (n) => n === 1,
      );
      const [row] = await query<{ envelope: ReturnType<typeof createEnvelope> }>(
        identity,
        'SELECT envelope FROM outbox WHERE aggregate_id = $1',
        [user.id],
      );
      // As when a relay dies after the bus confirmed but before it marked the row sent.
      await bus.publish(row.envelope);
      await bus.publish(row.envelope);
      const after = await eventually(
        consumed,
        (now) => now.duplicate >= before.duplicate + 2,
        20_000,
        'both redeliveries to be consumed',
      );
      expect(await countFor([user.id])).toBe(1);
      // Three deliveries, each counted once: the first handled, the two others skipped by the inbox.
      expect({
        handled: after.handled - before.handled,
        duplicate: after.duplicate - before.duplicate,
      }).toEqual({
        handled: 1,
        duplicate: 2,
      });
    });

    it('keeps events in the outbox while the bus is down and delivers every one when it is back', async () => {
      await proxy.down();
      const users: UserView[] = [];
      for (let i = 0; i < 5; i++) users.push(await register(`offline-${i}-${randomUUID()}@example.com`));
      // Registrations succeed; their events wait.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(await pendingInOutbox()).toBe(5);
      expect(await countFor(users.map((u) => u.id))).toBe(0);
      const metrics = await fetch(`${identity.ops}/metrics`).then((r) => r.text());
      expect(metrics).toMatch(/^outbox_pending_events\{[^}]*\} 5$/m);

      await proxy.up();
      await eventually(
        () => countFor(users.map((u) => u.id)),
        (n) => n === 5,
      );
      expect(await pendingInOutbox()).toBe(0);
    });

    it('loses nothing and doubles nothing when the consumer is cut off mid-stream', async () => {
      const users: UserView[] = [];
      for (let i = 0; i < 8; i++) {
        users.push(await register(`cut-${i}-${randomUUID()}@example.com`));
        if (i === 3) await consumerProxy.down();
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
      await consumerProxy.up();
      await eventually(
        () => countFor(users.map((u) => u.id)),
        (n) => n === users.length,
        30_000,
      );
      // Whatever was in flight when the connection died comes back (expiry or requeue): still one each.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const perUser = await query<{ n: number }>(
        notifications,
        'SELECT count(*)::int AS n FROM notification WHERE user_id = ANY($1::uuid[]) GROUP BY user_id',
        [users.map((u) => u.id)],
      );
      expect(perUser.map((row) => row.n)).toEqual(users.map(() => 1));
    });

    it('dead-letters an invalid payload at once, with the reason, and keeps consuming', async () => {
      const poison = createEnvelope({
        type: IDENTITY_EVENTS.userRegistered.type,
        producer: 'identity',
        correlationId: 'poison-test',
        aggregateId: randomUUID(),
        payload: { userId: 'not-a-uuid', email: 'nope', registeredAt: 'yesterday' },
      });
      await bus.publish(poison);
      const good = await register(`after-poison-${randomUUID()}@example.com`);
      await eventually(
        () => countFor([good.id]),
        (n) => n === 1,
      );
      const dead = await eventually(
        () => bus.deadLetters.list('notifications', 100),
        (items) => items.some((d) => d.eventId === poison.id),
      );
      const letter = dead.find((d) => d.eventId === poison.id)!;
      expect(letter).toMatchObject({ service: 'notifications', type: poison.type, attempts: 1 });
      expect(letter.reason).toMatch(/userId/);
      expect(letter.reason).toMatch(/email/);
      expect(await bus.deadLetters.drop('notifications', letter.id)).toBe(true);
      expect(await bus.deadLetters.drop('notifications', letter.id)).toBe(false);
    });

    it('dead-letters an unknown type or a malformed body without a crash loop', async () => {
      const unknown = createEnvelope({
        type: 'identity.user.registered.v9',
        producer: 'identity',
        correlationId: 'unknown-test',
        aggregateId: randomUUID(),
        payload: {},
      });
      await bus.sendRaw('notifications', unknown);
      await bus.sendRaw('notifications', { hello: 'world' });
      const letters = await eventually(
        () => bus.deadLetters.list('notifications', 100),
        (items) =>
          items.some((d) => d.eventId === unknown.id) &&
          items.some((d) => d.reason.includes('invalid envelope')),
      );
      expect(letters.find((d) => d.eventId === unknown.id)!.reason).toContain('unknown event type');
      const after = await register(`after-unknown-${randomUUID()}@example.com`);
      await eventually(
        () => countFor([after.id]),
        (n) => n === 1,
      );
      for (const letter of letters) await bus.deadLetters.drop('notifications', letter.id);
    });

    it('retries a handler that keeps failing, dead-letters it after the last retry, and replays it', async () => {
      // The notifications database refuses this recipient: a real failure of the handler's effect, every time.
      await query(
        notifications,
        `ALTER TABLE notification ADD CONSTRAINT refuse_poison CHECK (recipient NOT LIKE 'refused-%')`,
      );
      try {
        const refused = await register(`refused-${randomUUID()}@example.com`);
        const other = await register(`flowing-${randomUUID()}@example.com`);
        await eventually(
          () => countFor([other.id]),
          (n) => n === 1,
        );
        const dead = await eventually(
          () => bus.deadLetters.list('notifications', 100),
          (items) => items.some((d) => (d.body as { aggregateId?: string }).aggregateId === refused.id),
          30_000,
        );
        const letter = dead.find((d) => (d.body as { aggregateId?: string }).aggregateId === refused.id)!;
        expect(letter.attempts).toBe(3); // the first delivery and EVENT_RETRY_LIMIT=2 retries
        expect(letter.reason).toContain('refuse_poison');
        expect(await countFor([refused.id])).toBe(0);

        await query(notifications, 'ALTER TABLE notification DROP CONSTRAINT refuse_poison');
        expect(await bus.deadLetters.replay('notifications', letter.id)).toBe(true);
        await eventually(
          () => countFor([refused.id]),
          (n) => n === 1,
        );
        const left = await bus.deadLetters.list('notifications', 100);
        expect(left.some((d) => d.id === letter.id)).toBe(false);
      } finally {
        await query(notifications, 'ALTER TABLE notification DROP CONSTRAINT IF EXISTS refuse_poison');
      }
    });

    it('tells the password change to its owner, once', async () => {
      const email = `changer-${randomUUID()}@example.com`;
      const user = await register(email);
      await identity.call(
        IDENTITY_PATTERNS.changePassword,
        { currentPassword: PASSWORD, newPassword: 'another long passphrase 42' },
        { caller: { userId: user.id, roles: ['customer'] } },
      );
      const page = await eventually(
        () => notificationsOf(user.id),
        (p) => p.items.length === 2,
      );
      expect(page.items.map((n) => n.subject)).toEqual([
        'Your Bazaar password was changed',
        'Welcome to Bazaar',
      ]);
    });
  });
}

eventScenarios('PostgreSQL (pg-boss)', postgresBus);

const rabbitMq = serverNamedBy('TEST_RABBITMQ_URL', 5672);
describeIf(rabbitMq.ok, rabbitMq.missing)('RabbitMQ', () => {
  eventScenarios('RabbitMQ', () => rabbitMqBus(process.env.TEST_RABBITMQ_URL!));
});
