import { randomUUID } from 'node:crypto';
import {
  createEnvelope,
  DeadLetterView,
  IDENTITY_EVENTS,
  NotificationPage,
  TokenPair,
  UserView,
} from '@bazaar/contracts';
import { queueOf } from '@bazaar/messaging';
import { EmbeddedPostgres } from '@bazaar/persistence';
import { bearer, jsonHeaders, login, problemOf } from '../support/api';
import { BusHarness, postgresBusAt } from '../support/event-bus';
import {
  E2E_ADMIN,
  isAlive,
  RunningPlatform,
  startApp,
  startPlatform,
  startWatchedApp,
  waitFor,
} from '../support/platform';
import { queryDatabase } from '../support/test-database';

const PASSWORD = 'correct horse battery staple';

/** Events through the running platform: registrations become notifications; dead letters are an admin's to handle. */
describe('events through the platform (e2e)', () => {
  let platform: RunningPlatform;
  let api: string;
  let admin: TokenPair;
  let bus: BusHarness;
  let database: EmbeddedPostgres;

  beforeAll(async () => {
    platform = await startPlatform();
    api = `${platform.gatewayUrl}/api/v1`;
    admin = await login(platform.gatewayUrl, E2E_ADMIN.email, E2E_ADMIN.password);
    // A side door onto the platform's own bus, to put a poison message on it as a broken producer would.
    database = await EmbeddedPostgres.start({
      home: platform.home,
      port: Number(platform.env.BAZAAR_PG_PORT),
    });
    bus = await postgresBusAt(database.url('bus'));
  });

  afterAll(async () => {
    await bus?.close();
    await platform?.stop();
  });

  const register = async (email: string): Promise<TokenPair> => {
    const response = await fetch(`${api}/auth/register`, {
      method: 'POST',
      headers: jsonHeaders(),
      body: JSON.stringify({ email, password: PASSWORD, displayName: 'Ada' }),
    });
    expect(response.status).toBe(201);
    return login(platform.gatewayUrl, email, PASSWORD);
  };
  /** Notifications stored per user, read from the service's database (a service that is down cannot say). */
  const notificationsPerUser = async (userIds: string[]): Promise<Record<string, number>> => {
    const rows = await queryDatabase<{ user_id: string; n: number }>(
      database.url('notifications'),
      'SELECT user_id, count(*)::int AS n FROM notification WHERE user_id = ANY($1::uuid[]) GROUP BY user_id',
      [userIds],
    );
    return Object.fromEntries(rows.map((row) => [row.user_id, row.n]));
  };
  /** Deliveries for notifications not yet finished on the bus: waiting, due for a retry, or being handled. */
  const unfinishedJobs = async (): Promise<number> => {
    const [row] = await queryDatabase<{ n: number }>(
      database.url('bus'),
      `SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND state IN ('created', 'retry', 'active')`,
      [queueOf('notifications')],
    );
    return row.n;
  };
  const notificationsOf = async (tokens: TokenPair): Promise<NotificationPage> => {
    const response = await fetch(`${api}/me/notifications`, { headers: bearer(tokens.accessToken) });
    expect(response.status).toBe(200);
    return (await response.json()) as NotificationPage;
  };

  it('welcomes a new user: the notification appears in GET /me/notifications', async () => {
    const email = `welcome-${randomUUID()}@example.com`;
    const tokens = await register(email);
    let page: NotificationPage | undefined;
    await waitFor('the welcome notification', async () => {
      page = await notificationsOf(tokens);
      return page.items.length === 1 && page.items[0].status === 'sent';
    });
    expect(page!.items[0]).toMatchObject({
      eventType: IDENTITY_EVENTS.userRegistered.type,
      recipient: email,
      subject: 'Welcome to Bazaar',
      channel: 'email',
    });
    expect(page!.nextCursor).toBeNull();
  });

  it('keeps notifications private and validates the page query', async () => {
    expect((await fetch(`${api}/me/notifications`)).status).toBe(401);
    const bad = await fetch(`${api}/me/notifications?limit=0`, { headers: bearer(admin.accessToken) });
    expect(bad.status).toBe(400);
    expect((await problemOf(bad)).code).toBe('VALIDATION_FAILED');
  });

  describe('dead letters (admin)', () => {
    const list = async (): Promise<DeadLetterView[]> => {
      const response = await fetch(`${api}/admin/dead-letters?service=notifications`, {
        headers: bearer(admin.accessToken),
      });
      expect(response.status).toBe(200);
      return ((await response.json()) as { items: DeadLetterView[] }).items;
    };

    it('is for admins only', async () => {
      expect((await fetch(`${api}/admin/dead-letters`)).status).toBe(401);
      const customer = await register(`customer-${randomUUID()}@example.com`);
      const response = await fetch(`${api}/admin/dead-letters`, { headers: bearer(customer.accessToken) });
      expect(response.status).toBe(403);
    });

    it('lists a poison message with its reason, replays it, and drops it', async () => {
      const poison = createEnvelope({
        type: IDENTITY_EVENTS.userRegistered.type,
        producer: 'a-broken-producer',
        correlationId: 'e2e-poison',
        aggregateId: randomUUID(),
        payload: { userId: randomUUID(), email: 'not an email', registeredAt: new Date().toISOString() },
      });
      await bus.publish(poison);
      let letter: DeadLetterView | undefined;
      await waitFor('the poison message in the dead-letter queue', async () => {
        letter = (await list()).find((d) => d.eventId === poison.id);
        return letter !== undefined;
      });
      expect(letter).toMatchObject({ service: 'notifications', type: poison.type, attempts: 1 });
      expect(letter!.reason).toContain('email must be an email');

      // Replayed, it fails validation again: a new dead letter for the same event, the old one gone.
      const replay = await fetch(`${api}/admin/dead-letters/notifications/${letter!.id}/replay`, {
        method: 'POST',
        headers: bearer(admin.accessToken),
      });
      expect(replay.status).toBe(204);
      let again: DeadLetterView | undefined;
      await waitFor('the replayed message to be dead-lettered again', async () => {
        again = (await list()).find((d) => d.eventId === poison.id && d.id !== letter!.id);
        return again !== undefined;
      });
      expect((await list()).some((d) => d.id === letter!.id)).toBe(false);

      const drop = await fetch(`${api}/admin/dead-letters/notifications/${again!.id}`, {
        method: 'DELETE',
        headers: bearer(admin.accessToken),
      });
      expect(drop.status).toBe(204);
      expect((await list()).some((d) => d.eventId === poison.id)).toBe(false);

      const gone = await fetch(`${api}/admin/dead-letters/notifications/${again!.id}`, {
        method: 'DELETE',
        headers: bearer(admin.accessToken),
      });
      expect(gone.status).toBe(404);
      expect((await problemOf(gone)).code).toBe('DEAD_LETTER_NOT_FOUND');
    });

    it('answers 400 for an unknown service or a malformed id', async () => {
      const unknown = await fetch(`${api}/admin/dead-letters?service=payments`, {
        headers: bearer(admin.accessToken),
      });
      expect(unknown.status).toBe(400);
      const malformed = await fetch(`${api}/admin/dead-letters/notifications/42/replay`, {
        method: 'POST',
        headers: bearer(admin.accessToken),
      });
      expect(malformed.status).toBe(400);
    });
  });

  // Last: it ends with the launcher's notifications process replaced by the test's own, stopped here.
  it('a handler killed while it runs leaves no effect; redelivered, its event has exactly one', async () => {
    const launched = platform.pids.notifications;
    process.kill(launched, 'SIGTERM');
    await waitFor('the launched notifications to stop', () => Promise.resolve(!isAlive(launched)), 20_000);
    // Each handler writes its effect, then holds it uncommitted for a minute and says so (INBOX_TEST_HOLD_MS):
    // the kill below lands inside running handlers by construction, not by timing.
    const holding = startWatchedApp('notifications', { ...platform.env, INBOX_TEST_HOLD_MS: '60000' });
    const users: Array<{ id: string; requestId: string }> = [];
    try {
      for (let i = 0; i < 3; i++) {
        const requestId = `e2e-held-${i}-${randomUUID()}`;
        const response = await fetch(`${api}/auth/register`, {
          method: 'POST',
          headers: { ...jsonHeaders(), 'x-request-id': requestId },
          body: JSON.stringify({
            email: `held-${i}-${randomUUID()}@example.com`,
            password: PASSWORD,
            displayName: 'Ada',
          }),
        });
        expect(response.status).toBe(201);
        users.push({ id: ((await response.json()) as UserView).id, requestId });
      }
      for (const { requestId } of users) {
        await holding.line(
          `the handler of ${requestId} to hold its effect`,
          (line) => line.includes('INBOX_TEST_HOLD_MS') && line.includes(`"requestId":"${requestId}"`),
        );
      }
    } finally {
      await holding.stop('SIGKILL');
    }
    const userIds = users.map((user) => user.id);
    // Killed mid-handler, the effects went with the process's open transactions.
    expect(await notificationsPerUser(userIds)).toEqual({});

    const restarted = startApp('notifications', platform.env);
    try {
      // Their deliveries expire (EVENT_HANDLER_TIMEOUT_S) and come back to the new process.
      await waitFor(
        'every held event to be handled again',
        async () => Object.keys(await notificationsPerUser(userIds)).length === userIds.length,
        60_000,
      );
      // Nothing left on the queue that could bring a second copy later.
      await waitFor(
        'the notifications queue to be drained',
        async () => (await unfinishedJobs()) === 0,
        30_000,
      );
      expect(await notificationsPerUser(userIds)).toEqual(Object.fromEntries(userIds.map((id) => [id, 1])));
    } finally {
      restarted.kill('SIGTERM');
      await new Promise((resolve) => restarted.once('exit', resolve));
    }
  });
});
