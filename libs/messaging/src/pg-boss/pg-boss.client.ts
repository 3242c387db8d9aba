import { EventEnvelope } from '@bazaar/contracts';
import { EventTransportClient } from '../transport/event-transport.client';
import { MicroBatcher } from '../util/micro-batcher';
import { PG_BOSS_SCHEMA, PgBossConnection } from './pg-boss-connection';

const ROUTES_TTL_MS = 5_000;

// Reads pgboss.subscription itself: docs/adr/0008-pg-boss-event-transport.md
/**
 * Publishes on the PostgreSQL bus. Like pg-boss's `publish`, it fans the event out to every queue subscribed to
 * its type; unlike it, all copies are inserted in one statement that fails as a whole (`publish` settles each
 * send separately and swallows failures, which would lose an event the outbox believes delivered). Events
 * published in the same moment share that statement.
 */
export class PgBossClient extends EventTransportClient {
  /** Subscriptions change only when a deployment changes the topology: read them at most every few seconds. */
  private readonly routes = new Map<string, { queues: string[]; readAt: number }>();

  /** The relay publishes many events at once: their copies go to PostgreSQL in one INSERT. */
  private readonly batcher = new MicroBatcher<EventEnvelope>((envelopes) => this.insert(envelopes));

  constructor(private readonly connection: PgBossConnection) {
    super();
  }

  async connect(): Promise<void> {
    await this.connection.get();
  }

  async close(): Promise<void> {
    // The connection is shared and closed by its owner, the bus.
  }

  protected publishEnvelope(envelope: EventEnvelope): Promise<void> {
    return this.batcher.add(envelope);
  }

  private async insert(envelopes: EventEnvelope[]): Promise<void> {
    const boss = await this.connection.get();
    const jobs: Array<{ name: string; data: EventEnvelope }> = [];
    for (const envelope of envelopes) {
      for (const name of await this.queuesFor(envelope.type)) jobs.push({ name, data: envelope });
    }
    if (jobs.length > 0) await boss.insert(jobs);
  }

  private async queuesFor(type: string): Promise<string[]> {
    const cached = this.routes.get(type);
    if (cached && Date.now() - cached.readAt < ROUTES_TTL_MS) return cached.queues;
    const rows = await this.connection.query<{ name: string }>(
      `SELECT name FROM ${PG_BOSS_SCHEMA}.subscription WHERE event = $1`,
      [type],
    );
    const queues = rows.map((row) => row.name);
    this.routes.set(type, { queues, readAt: Date.now() });
    return queues;
  }
}
