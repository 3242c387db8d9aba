import PgBoss from 'pg-boss';
import { EventConsumerName } from '@bazaar/contracts';
import { PassOutcome, PollingLoop } from '@bazaar/platform';
import { reasonOf } from '../transport/disposition';
import { queueOf } from '../transport/event-bus';
import { EventServerDeps, EventTransportServer } from '../transport/event-transport.server';
import { MicroBatcher } from '../util/micro-batcher';
import { PG_BOSS_SCHEMA, PgBossConnection } from './pg-boss-connection';

type Job = PgBoss.JobWithMetadata<unknown>;

// Writes pgboss.job.retry_limit itself: docs/adr/0008-pg-boss-event-transport.md
/**
 * Consumes the service's queue on the PostgreSQL bus. Instances of a service compete for its jobs (pg-boss
 * fetches with SKIP LOCKED); a fetched job is active until we complete or fail it, and one whose process died is
 * failed by pg-boss's supervisor after EVENT_HANDLER_TIMEOUT_S and delivered again. A failure is recorded with
 * `fail` so pg-boss schedules the retry with its back-off and, after the last one, moves the job to the
 * dead-letter queue with our reason as its output.
 */
export class PgBossServer extends EventTransportServer {
  private loop: PollingLoop | undefined;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    deps: EventServerDeps,
    private readonly connection: PgBossConnection,
  ) {
    super(deps);
  }

  protected async startConsuming(consumer: EventConsumerName): Promise<void> {
    const queue = queueOf(consumer);
    // Acknowledgements of deliveries finishing together go to PostgreSQL in one statement.
    const completer = new MicroBatcher<string>(async (ids) => {
      const boss = await this.connection.get();
      await boss.complete(queue, ids);
    });
    let announced = false;
    const loop = new PollingLoop(
      async () => {
        const boss = await this.connection.get();
        if (!announced) {
          await boss.updateQueue(queue, { name: queue, ...this.connection.retryPolicy() });
          this.log.log({ msg: `consuming ${queue}` });
          announced = true;
        }
        return this.fetchAndHandle(boss, queue, completer);
      },
      {
        pollMs: this.deps.config.EVENT_POLL_MS,
        backoff: { initialMs: 200, maxMs: 10_000, jitter: 0.2 },
        onFailure: (error, _attempt, delayMs) =>
          this.log.warn({ msg: 'event bus unavailable, retrying', queue, delayMs, reason: reasonOf(error) }),
      },
    );
    this.loop = loop;
    // Not awaited: the service starts even while the bus is unreachable; the loop connects when it can.
    loop.start();
    await Promise.resolve();
  }

  protected async stopConsuming(): Promise<void> {
    await this.loop?.stop();
    await Promise.allSettled([...this.inFlight]);
  }

  /**
   * Keeps up to EVENT_CONCURRENCY deliveries in flight: fetches as many as there is room for, and again as soon
   * as one finishes (a finished delivery wakes the loop), so one slow handler never holds up the rest.
   */
  private async fetchAndHandle(
    boss: PgBoss,
    queue: string,
    completer: MicroBatcher<string>,
  ): Promise<PassOutcome> {
    const room = this.deps.config.EVENT_CONCURRENCY - this.inFlight.size;
    if (room <= 0) {
      await Promise.race(this.inFlight);
      return 'busy';
    }
    const jobs = await boss.fetch<unknown>(queue, { batchSize: room, includeMetadata: true });
    for (const job of jobs) {
      const handling = this.handle(boss, queue, job, completer)
        .catch((error: unknown) =>
          // The delivery stays active and comes back after EVENT_HANDLER_TIMEOUT_S: nothing is lost.
          this.log.warn({ msg: 'could not settle a delivery', jobId: job.id, reason: reasonOf(error) }),
        )
        .finally(() => {
          this.inFlight.delete(handling);
          this.loop?.wake();
        });
      this.inFlight.add(handling);
    }
    return jobs.length > 0 ? 'busy' : 'idle';
  }

  private async handle(
    boss: PgBoss,
    queue: string,
    job: Job,
    completer: MicroBatcher<string>,
  ): Promise<void> {
    // pg-boss counts retries; we count deliveries (the first is attempt 1).
    const attempt = job.retryCount + 1;
    const disposition = await this.deliver(job.data, attempt, job.retryLimit + 1);
    if (disposition.kind === 'ack') {
      await completer.add(job.id);
      return;
    }
    if (disposition.kind === 'dead-letter' && job.retryCount < job.retryLimit) {
      // Never going to succeed (malformed, unknown type, invalid payload): make this delivery the last one, so
      // `fail` below moves it to the dead-letter queue now instead of retrying it.
      await this.connection.query(
        `UPDATE ${PG_BOSS_SCHEMA}.job SET retry_limit = retry_count WHERE name = $1 AND id = $2`,
        [queue, job.id],
      );
    }
    await boss.fail(queue, job.id, {
      reason: disposition.reason,
      attempts: attempt,
      failedAt: new Date().toISOString(),
    });
  }
}
