import { DeadLetterView, EventConsumerName } from '@bazaar/contracts';
import { isUuid } from '@bazaar/platform';
import { DeadLetterStore } from '../dead-letters/dead-letter-store';
import { deadLetterQueueOf, queueOf } from '../transport/event-bus';
import { PG_BOSS_SCHEMA, PgBossConnection } from './pg-boss-connection';

interface DeadLetterRow {
  id: string;
  data: unknown;
  output: unknown;
  retry_limit: number;
  created_on: Date;
}

// SQL on pg-boss's own job table: docs/adr/0008-pg-boss-event-transport.md
/**
 * Dead letters on the PostgreSQL bus are jobs of the `<queue>.dlq` queue nobody works: listing reads them,
 * replaying moves one back to the consumer's queue in one transaction, dropping deletes it.
 */
export class PgBossDeadLetters implements DeadLetterStore {
  constructor(private readonly connection: PgBossConnection) {}

  async list(consumer: EventConsumerName, limit: number): Promise<DeadLetterView[]> {
    const rows = await this.connection.query<DeadLetterRow>(
      `SELECT id, data, output, retry_limit, created_on FROM ${PG_BOSS_SCHEMA}.job
        WHERE name = $1 AND state = 'created' ORDER BY created_on, id LIMIT $2`,
      [deadLetterQueueOf(consumer), limit],
    );
    return rows.map((row) => toView(consumer, row));
  }

  async replay(consumer: EventConsumerName, id: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    const boss = await this.connection.get();
    return this.connection.transaction(async (db) => {
      const { rows } = await db.executeSql(
        `DELETE FROM ${PG_BOSS_SCHEMA}.job WHERE name = $1 AND id = $2 AND state = 'created' RETURNING data`,
        [deadLetterQueueOf(consumer), id],
      );
      const [row] = rows as Array<{ data: object }>;
      if (!row) return false;
      await boss.insert([{ name: queueOf(consumer), data: row.data }], { db });
      return true;
    });
  }

  async drop(consumer: EventConsumerName, id: string): Promise<boolean> {
    if (!isUuid(id)) return false;
    const rows = await this.connection.query(
      `DELETE FROM ${PG_BOSS_SCHEMA}.job WHERE name = $1 AND id = $2 AND state = 'created' RETURNING id`,
      [deadLetterQueueOf(consumer), id],
    );
    return rows.length > 0;
  }
}

function toView(consumer: string, row: DeadLetterRow): DeadLetterView {
  const body = row.data as { id?: unknown; type?: unknown } | null;
  const output = (row.output ?? {}) as {
    reason?: unknown;
    attempts?: unknown;
    value?: { message?: unknown };
  };
  const reason =
    typeof output.reason === 'string'
      ? output.reason
      : typeof output.value?.message === 'string'
        ? output.value.message
        : 'unknown';
  return {
    id: row.id,
    service: consumer,
    eventId: typeof body?.id === 'string' ? body.id : null,
    type: typeof body?.type === 'string' ? body.type : null,
    reason,
    attempts: typeof output.attempts === 'number' ? output.attempts : row.retry_limit + 1,
    deadLetteredAt: row.created_on.toISOString(),
    body: row.data,
  };
}
