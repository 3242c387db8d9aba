import { EventEnvelope } from '@bazaar/contracts';
import { EventTransportClient } from '../transport/event-transport.client';
import { PG_BOSS_SCHEMA, PgBossConnection } from './pg-boss-connection';

const ROUTES_TTL_MS = 5_000;

/**
 * Publishes on the PostgreSQL bus. Like pg-boss's `publish`, it fans the event out to every queue subscribed to
 * its type; unlike it, all copies are inserted in one statement that fails as a whole (`publish` settles each
 * send separately and swallows failures, which would lose an event the outbox believes delivered).
 */
export class PgBossClient extends EventTransportClient {
  /** Subscriptions change only when a deployment changes the topology: read them at most every few seconds. */
  private readonly routes = new Map<string, { queues: string[]; readAt: number }>();

  constructor(private readonly connection: PgBossConnection) {
    super();
  }

  async connect(): Promise<void> {
    await this.connection.get();
  }

  async close(): Promise<void> {
    // The connection is shared and closed by its owner, the bus.
  }

  protected async publishEnvelope(envelope: EventEnvelope): Promise<void> {
    const boss = await this.connection.get();
    const queues = await this.queuesFor(envelope.type);
    if (queues.length === 0) return;
    await boss.insert(queues.map((name) => ({ name, data: envelope })));
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
