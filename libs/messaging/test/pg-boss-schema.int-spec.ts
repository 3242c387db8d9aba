import { lastValueFrom } from 'rxjs';
import PgBoss from 'pg-boss';
import { createEnvelope, IDENTITY_EVENTS } from '@bazaar/contracts';
import { deadLetterQueueOf, loadMessagingConfig, PgBossBus, queueOf } from '@bazaar/messaging';
import { FAST_EVENTS_ENV } from '../../../test/support/event-bus';
import { createEmptyTestDatabase, queryDatabase, TestDatabase } from '../../../test/support/test-database';

/**
 * The PostgreSQL bus reads and writes pg-boss's own tables with plain SQL (docs/adr/0008-pg-boss-event-transport.md):
 * subscriptions when it fans an event out, jobs when it lists, replays or drops dead letters, and a job's
 * retry_limit when it dead-letters an event at once. This starts pg-boss on a fresh database, as a service
 * does, and checks the columns and behaviour that SQL relies on.
 */
describe('pg-boss schema and behaviour the PostgreSQL bus relies on', () => {
  const queue = queueOf('notifications');
  let database: TestDatabase;
  let bus: PgBossBus;
  let boss: PgBoss;

  const columnsOf = async (table: string) =>
    (
      await queryDatabase<{ column_name: string }>(
        database.url,
        `SELECT column_name FROM information_schema.columns WHERE table_schema = 'pgboss' AND table_name = $1`,
        [table],
      )
    ).map((row) => row.column_name);

  const envelope = () =>
    createEnvelope({
      type: IDENTITY_EVENTS.userRegistered.type,
      producer: 'identity',
      correlationId: 'pg-boss-schema',
      aggregateId: 'user-1',
      payload: { note: 'not validated on this path' },
    });

  beforeAll(async () => {
    database = await createEmptyTestDatabase('pgboss');
    bus = new PgBossBus(loadMessagingConfig({ BUS_DATABASE_URL: database.url, ...FAST_EVENTS_ENV }));
    boss = await bus.connection.get();
  });

  afterAll(async () => {
    await bus?.close();
    await database?.drop();
  });

  it('has the job and subscription columns the raw SQL names', async () => {
    expect(await columnsOf('job')).toEqual(
      expect.arrayContaining([
        'id',
        'name',
        'state',
        'data',
        'output',
        'retry_limit',
        'retry_count',
        'created_on',
      ]),
    );
    expect(await columnsOf('subscription')).toEqual(expect.arrayContaining(['event', 'name']));
    const states = await queryDatabase<{ enumlabel: string }>(
      database.url,
      `SELECT e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid
        JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'pgboss' AND t.typname = 'job_state'`,
    );
    expect(states.map((row) => row.enumlabel)).toContain('created');
  });

  it('records subscribe() as subscription rows, which the client reads to fan an event out', async () => {
    const rows = await queryDatabase<{ name: string }>(
      database.url,
      'SELECT name FROM pgboss.subscription WHERE event = $1',
      [IDENTITY_EVENTS.userRegistered.type],
    );
    expect(rows.map((row) => row.name)).toEqual([queue]);

    const sent = envelope();
    await lastValueFrom(bus.createClient().emit(sent.type, sent), { defaultValue: undefined });
    const [job] = await boss.fetch<unknown>(queue, { batchSize: 1 });
    expect(job?.data).toEqual(sent);
    await boss.complete(queue, job.id);
  });

  it('moves a failed job whose retry_limit was set to its retry_count to the dead-letter queue at once, data and output kept', async () => {
    const sent = envelope();
    await boss.send(queue, sent);
    const [job] = await boss.fetch<unknown>(queue, { batchSize: 1, includeMetadata: true });
    expect(job.retryCount).toBeLessThan(job.retryLimit);
    // What PgBossServer does for an event that can never succeed.
    await bus.connection.query(
      `UPDATE pgboss.job SET retry_limit = retry_count WHERE name = $1 AND id = $2`,
      [queue, job.id],
    );
    await boss.fail(queue, job.id, {
      reason: 'invalid payload',
      attempts: 1,
      failedAt: new Date().toISOString(),
    });

    const deadLetters = bus.deadLetters();
    const [letter] = await deadLetters.list('notifications', 10);
    expect(letter).toMatchObject({
      service: 'notifications',
      eventId: sent.id,
      type: sent.type,
      reason: 'invalid payload',
      attempts: 1,
      body: sent,
    });
    const dlq = await queryDatabase<{ state: string }>(
      database.url,
      'SELECT state FROM pgboss.job WHERE name = $1 AND id = $2',
      [deadLetterQueueOf('notifications'), letter.id],
    );
    expect(dlq).toEqual([{ state: 'created' }]);

    await expect(deadLetters.replay('notifications', letter.id)).resolves.toBe(true);
    const [replayed] = await boss.fetch<unknown>(queue, { batchSize: 1 });
    expect(replayed?.data).toEqual(sent);
    await boss.complete(queue, replayed.id);
    await expect(deadLetters.list('notifications', 10)).resolves.toEqual([]);
  });
});
