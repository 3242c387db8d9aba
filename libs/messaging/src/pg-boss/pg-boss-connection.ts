import { Logger } from '@nestjs/common';
import PgBoss from 'pg-boss';
import { Pool } from 'pg';
import { EVENT_SUBSCRIPTIONS } from '@bazaar/contracts';
import { DatabaseConnection } from '@bazaar/persistence';
import { MessagingConfig } from '../messaging.config';
import { deadLetterQueueOf, queueOf } from '../transport/event-bus';
import { BusDatabase, resolveBusDatabase } from './bus-database';

export const PG_BOSS_SCHEMA = 'pgboss';
/** Waiting events are never archived unread: a consumer may be down for days. */
const QUEUE_RETENTION_MINUTES = 365 * 24 * 60;
const TOPOLOGY_LOCK_KEY = 7_410_002;
const BUS_POOL_MAX = 4;

/**
 * One pg-boss instance per process, over a small pool of our own (so plain SQL can share it). Started lazily and
 * again after a failed start, so a service comes up while the bus database is still unreachable and connects
 * once it answers.
 */
export class PgBossConnection {
  private readonly log = new Logger('PgBoss');
  private starting: Promise<PgBoss> | undefined;
  private pool: Pool | undefined;
  private database: BusDatabase | undefined;
  private boss: PgBoss | undefined;
  private closed = false;

  constructor(
    private readonly config: MessagingConfig,
    private readonly connection: DatabaseConnection | undefined,
  ) {}

  get(): Promise<PgBoss> {
    if (this.closed) return Promise.reject(new Error('the event bus connection is closed'));
    this.starting ??= this.start().catch((error: unknown) => {
      this.starting = undefined;
      throw error;
    });
    return this.starting;
  }

  /** Plain SQL on the bus database (dead-letter listing, and marking a delivery final). */
  async query<T extends object>(text: string, values: unknown[]): Promise<T[]> {
    await this.get();
    const { rows } = await this.pool!.query<T>(text, values);
    return rows;
  }

  /** Runs `work` in one transaction on the bus database; `db` also goes to pg-boss calls as `{ db }`. */
  async transaction<T>(work: (db: PgBoss.Db) => Promise<T>): Promise<T> {
    await this.get();
    const client = await this.pool!.connect();
    try {
      await client.query('BEGIN');
      const result = await work({ executeSql: (text, values) => client.query(text, values) });
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const starting = this.starting;
    this.starting = undefined;
    if (starting) await starting.catch(() => undefined);
    await this.boss?.stop({ graceful: false, close: false, wait: true }).catch(() => undefined);
    await this.pool?.end().catch(() => undefined);
    await this.database?.server?.stop();
    this.boss = undefined;
    this.pool = undefined;
  }

  private async start(): Promise<PgBoss> {
    this.database ??= await resolveBusDatabase(this.config, this.connection);
    this.pool ??= this.createPool(this.database.url);
    const pool = this.pool;
    const boss = new PgBoss({
      db: { executeSql: (text, values) => pool.query(text, values) },
      schema: PG_BOSS_SCHEMA,
      migrate: true,
      supervise: true,
      schedule: false,
      maintenanceIntervalSeconds: this.config.EVENT_MAINTENANCE_S,
    });
    boss.on('error', (error) => this.log.warn({ msg: 'pg-boss error', detail: error.message }));
    try {
      await boss.start();
      await this.declareTopology(boss);
    } catch (error) {
      // A half-started instance keeps its maintenance timers: stop it, the next get() starts afresh.
      await boss.stop({ graceful: false, close: false, wait: true }).catch(() => undefined);
      throw error;
    }
    if (this.closed) {
      await boss.stop({ graceful: false, close: false, wait: true }).catch(() => undefined);
      throw new Error('the event bus connection was closed while it started');
    }
    this.boss = boss;
    this.log.log({ msg: 'connected to the PostgreSQL event bus' });
    return boss;
  }

  private createPool(url: string): Pool {
    // Small on purpose: fetches, acknowledgements and publishes are batched, and every service of the embedded
    // profile has one of these next to its own pool on the same PostgreSQL server.
    const pool = new Pool({ connectionString: url, max: BUS_POOL_MAX });
    pool.on('error', (error) =>
      this.log.warn({ msg: 'an idle bus connection was closed', detail: error.message }),
    );
    return pool;
  }

  /**
   * Every consumer's queue, its dead-letter queue and its subscriptions, from the contracts. Producers run this
   * too: pg-boss fans an event out only to queues subscribed at that moment.
   */
  private async declareTopology(boss: PgBoss): Promise<void> {
    // Creating a queue creates a table partition: two processes doing it at once on a fresh bus deadlock.
    const lock = await this.pool!.connect();
    try {
      await lock.query('SELECT pg_advisory_lock($1)', [TOPOLOGY_LOCK_KEY]);
      for (const [consumer, types] of Object.entries(EVENT_SUBSCRIPTIONS)) {
        const deadLetter = deadLetterQueueOf(consumer);
        await this.ensureQueue(boss, { name: deadLetter, retentionMinutes: QUEUE_RETENTION_MINUTES });
        await this.ensureQueue(boss, { name: queueOf(consumer), ...this.retryPolicy(), deadLetter });
        for (const type of types) await boss.subscribe(type, queueOf(consumer));
      }
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [TOPOLOGY_LOCK_KEY]).catch(() => undefined);
      lock.release();
    }
  }

  /** The queue settings a consumer applies to its own queue (it owns its retry policy). */
  retryPolicy(): Omit<PgBoss.Queue, 'name'> {
    return {
      retryLimit: this.config.EVENT_RETRY_LIMIT,
      retryDelay: Math.max(1, Math.ceil(this.config.EVENT_RETRY_DELAY_MS / 1000)),
      retryBackoff: true,
      expireInSeconds: this.config.EVENT_HANDLER_TIMEOUT_S,
      retentionMinutes: QUEUE_RETENTION_MINUTES,
    };
  }

  private async ensureQueue(boss: PgBoss, queue: PgBoss.Queue): Promise<void> {
    if (!(await boss.getQueue(queue.name))) await boss.createQueue(queue.name, queue);
  }
}
