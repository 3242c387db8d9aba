import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { EventEnvelope } from '@bazaar/contracts';
import { traceCarrierOf, Tracing } from '@bazaar/observability';
import { DatabaseConnection } from '@bazaar/persistence';
import { PassOutcome, PollingLoop, RequestContext } from '@bazaar/platform';
import { MessagingConfig } from '../messaging.config';
import { EventMetrics } from '../metrics/event-metrics';
import { EVENT_CLIENT } from '../messaging.tokens';
import { reasonOf } from '../transport/disposition';
import { publishInOrder } from './relay-plan';

interface OutboxRow {
  seq: string;
  aggregateId: string;
  type: string;
  envelope: EventEnvelope;
}

/** Only one relay of a service works its outbox at a time (per-aggregate order across instances). */
const RELAY_LOCK_KEY = 7_410_001;
const PUBLISH_CONCURRENCY = 16;
const PURGE_EVERY_MS = 10 * 60_000;

/**
 * Moves recorded events from the service's outbox table to the bus. Woken in-process right after a transaction
 * that recorded events commits, and polling as a safety net (another instance's events, a restart). An event
 * is marked sent only after the bus confirmed it; while the bus is down the relay backs off exponentially and
 * the events wait, durable, in the outbox.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('OutboxRelay');
  private readonly loop: PollingLoop;
  private lastPurge = 0;

  constructor(
    private readonly database: DatabaseConnection,
    @Inject(EVENT_CLIENT) private readonly client: ClientProxy,
    private readonly config: MessagingConfig,
    private readonly metrics: EventMetrics,
  ) {
    this.loop = new PollingLoop(() => this.pass(), {
      pollMs: config.OUTBOX_POLL_MS,
      backoff: { initialMs: 100, maxMs: config.OUTBOX_RETRY_MAX_MS, jitter: 0.2 },
      onFailure: async (error, attempt, delayMs) => {
        this.metrics.publishFailed();
        this.log.warn({
          msg: 'outbox relay could not publish, retrying',
          attempt,
          delayMs,
          reason: reasonOf(error),
        });
        await this.refreshMetrics().catch(() => undefined);
      },
      onRecovery: (after) => this.log.log({ msg: 'event bus reachable again: outbox draining', after }),
    });
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  // Before the bus and the database close (their hooks run in onApplicationShutdown).
  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
  }

  /** New events committed: relay them now rather than at the next poll. */
  wake(): void {
    this.loop.wake();
  }

  /** One batch; a full one means more may be waiting. A batch with a failed publish fails the pass (back-off). */
  private async pass(): Promise<PassOutcome> {
    const outcome = await this.relayBatch();
    if (outcome.failed > 0) throw outcome.firstError;
    await this.purgeIfDue();
    return outcome.attempted === this.config.OUTBOX_BATCH_SIZE ? 'busy' : 'idle';
  }

  /** One batch under the relay lock: publish in order, mark what the bus confirmed. */
  private async relayBatch(): Promise<{ attempted: number; failed: number; firstError?: unknown }> {
    const client = await this.database.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows: lock } = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_xact_lock($1) AS locked',
        [RELAY_LOCK_KEY],
      );
      if (!lock[0].locked) {
        await client.query('COMMIT');
        return { attempted: 0, failed: 0 };
      }
      const { rows } = await client.query<OutboxRow>(
        `SELECT seq::text AS seq, aggregate_id AS "aggregateId", type, envelope
           FROM outbox WHERE sent_at IS NULL ORDER BY seq LIMIT $1`,
        [this.config.OUTBOX_BATCH_SIZE],
      );
      if (rows.length === 0) {
        await client.query('COMMIT');
        this.metrics.outboxState(0, 0);
        return { attempted: 0, failed: 0 };
      }
      const outcome = await publishInOrder(rows, (row) => this.publish(row), PUBLISH_CONCURRENCY);
      if (outcome.sent.length > 0) {
        await client.query(
          'UPDATE outbox SET sent_at = now(), attempts = attempts + 1 WHERE seq = ANY($1::bigint[])',
          [outcome.sent.map((row) => row.seq)],
        );
      }
      for (const { event, error } of outcome.failed) {
        await client.query('UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE seq = $1', [
          event.seq,
          reasonOf(error),
        ]);
      }
      await client.query('COMMIT');
      await this.refreshMetrics();
      return { attempted: rows.length, failed: outcome.failed.length, firstError: outcome.failed[0]?.error };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async publish(row: OutboxRow): Promise<void> {
    // A span in the trace that recorded the event, however much later; what goes on the bus continues from it.
    const span = Tracing.start(`publish ${row.type}`, {
      kind: 'producer',
      parent: traceCarrierOf(row.envelope),
      attributes: { 'messaging.destination.name': row.type, 'messaging.message.id': row.envelope.id },
    });
    const envelope = span ? span.run(() => Tracing.inject({ ...row.envelope })) : row.envelope;
    try {
      // The event's own request ID on the relay's log lines and on whatever the transport logs.
      await Tracing.within(span, () =>
        RequestContext.run({ requestId: RequestContext.acceptOrCreate(envelope.correlationId) }, () =>
          lastValueFrom(this.client.emit(row.type, envelope), { defaultValue: undefined }),
        ),
      );
    } catch (error) {
      span?.fail(error);
      throw error;
    }
    span?.end();
    this.metrics.published(row.type);
  }

  private async refreshMetrics(): Promise<void> {
    const { rows } = await this.database.pool.query<{ pending: number; lag: number }>(
      `SELECT count(*)::int AS pending,
              COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8 AS lag
         FROM outbox WHERE sent_at IS NULL`,
    );
    this.metrics.outboxState(rows[0].pending, rows[0].lag);
  }

  private async purgeIfDue(): Promise<void> {
    if (Date.now() - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = Date.now();
    const { rowCount } = await this.database.pool.query(
      `DELETE FROM outbox WHERE sent_at < now() - make_interval(hours => $1)`,
      [this.config.OUTBOX_RETENTION_HOURS],
    );
    if (rowCount) this.log.log({ msg: 'purged sent outbox events', count: rowCount });
  }
}
