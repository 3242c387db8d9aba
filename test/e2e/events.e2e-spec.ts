import { randomUUID } from 'node:crypto';
import {
  createEnvelope,
  DeadLetterView,
  IDENTITY_EVENTS,
  NotificationPage,
  TokenPair,
} from '@bazaar/contracts';
import { EmbeddedPostgres } from '@bazaar/persistence';
import { bearer, jsonHeaders, login, problemOf } from '../support/api';
import { BusHarness, postgresBusAt } from '../support/event-bus';
import { E2E_ADMIN, isAlive, RunningPlatform, startApp, startPlatform, waitFor } from '../support/platform';

const PASSWORD = 'correct horse battery staple';

/** Events through the running platform: registrations become notifications; dead letters are an admin's to handle. */
describe('events through the platform (e2e)', () => {
  let platform: RunningPlatform;
  let api: string;
  let admin: TokenPair;
  let bus: BusHarness;

  beforeAll(async () => {
    platform = await startPlatform();
    api = `${platform.gatewayUrl}/api/v1`;
    admin = await login(platform.gatewayUrl, E2E_ADMIN.email, E2E_ADMIN.password);
    // A side door onto the platform's own bus, to put a poison message on it as a broken producer would.
    const server = await EmbeddedPostgres.start({
      home: platform.home,
      port: Number(platform.env.BAZAAR_PG_PORT),
    });
    bus = await postgresBusAt(server.url('bus'));
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

  // Last: it ends with the launcher's notifications process replaced by one of the test's own, stopped here.
  it('loses no event and doubles none when notifications is killed mid-stream and restarted', async () => {
    const users: TokenPair[] = [];
    const killAfter = 5;
    for (let i = 0; i < 12; i++) {
      users.push(await register(`stream-${i}-${randomUUID()}@example.com`));
      if (i === killAfter) process.kill(platform.pids.notifications, 'SIGKILL');
    }
    await waitFor('notifications to die', () => Promise.resolve(!isAlive(platform.pids.notifications)));
    const restarted = startApp('notifications', platform.env);
    try {
      await waitFor(
        'every welcome notification, exactly once',
        async () => {
          const pages = await Promise.all(users.map((user) => notificationsOf(user).catch(() => undefined)));
          return pages.every((page) => page?.items.length === 1);
        },
        60_000,
      );
      // Held a while longer: a late redelivery must not add a second one.
      await new Promise((resolve) => setTimeout(resolve, 4_000));
      const pages = await Promise.all(users.map((user) => notificationsOf(user)));
      expect(pages.map((page) => page.items.length)).toEqual(users.map(() => 1));
    } finally {
      restarted.kill('SIGTERM');
      await new Promise((resolve) => restarted.once('exit', resolve));
    }
  });
});
