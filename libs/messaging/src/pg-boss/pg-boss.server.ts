import PgBoss from 'pg-boss';
import { EventConsumerName } from '@bazaar/contracts';
import { backoffDelay, Sleeper } from '../retry/backoff';
import { reasonOf } from '../transport/disposition';
import { queueOf } from '../transport/event-bus';
import { EventServerDeps, EventTransportServer } from '../transport/event-transport.server';
import { MicroBatcher } from '../util/micro-batcher';
import { PG_BOSS_SCHEMA, PgBossConnection } from './pg-boss-connection';

type Job = PgBoss.JobWithMetadata<unknown>;

/**
 * Consumes the service's queue on the PostgreSQL bus. Instances of a service compete for its jobs (pg-boss
 * fetches with SKIP LOCKED); a fetched job is active until we complete or fail it, and one whose process died is
 * failed by pg-boss's supervisor after EVENT_HANDLER_TIMEOUT_S and delivered again. A failure is recorded with
 * `fail` so pg-boss schedules the retry with its back-off and, after the last one, moves the job to the
 * dead-letter queue with our reason as its output.
 */
export class PgBossServer extends EventTransportServer {
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly sleeper = new Sleeper();

  constructor(
    deps: EventServerDeps,
    private readonly connection: PgBossConnection,
  ) {
    super(deps);
  }

  protected async startConsuming(consumer: EventConsumerName): Promise<void> {
    this.running = true;
    // Not awaited: the service starts even while the bus is unreachable; the loop connects when it can.
    this.loop = this.consume(queueOf(consumer));
    await Promise.resolve();
  }

  protected async stopConsuming(): Promise<void> {
    this.running = false;
    this.sleeper.wake();
    await this.loop;
  }

  /**
   * Keeps up to EVENT_CONCURRENCY deliveries in flight: fetches as many as there is room for, and again as soon
   * as one finishes, so one slow handler never holds up the rest.
   */
  private async consume(queue: string): Promise<void> {
    const concurrency = this.deps.config.EVENT_CONCURRENCY;
    const inFlight = new Set<Promise<void>>();
    // Acknowledgements of deliveries finishing together go to PostgreSQL in one statement.
    const completer = new MicroBatcher<string>(async (ids) => {
      const boss = await this.connection.get();
      await boss.complete(queue, ids);
    });
    let failures = 0;
    let announced = false;
    while (this.running) {
      try {
        const boss = await this.connection.get();
        if (!announced) {
          await boss.updateQueue(queue, { name: queue, ...this.connection.retryPolicy() });
          this.log.log({ msg: `consuming ${queue}` });
          announced = true;
        }
        if (inFlight.size >= concurrency) {
          await Promise.race(inFlight);
          continue;
        }
        const jobs = await boss.fetch<unknown>(queue, {
          batchSize: concurrency - inFlight.size,
          includeMetadata: true,
        });
        failures = 0;
        for (const job of jobs) {
          const handling = this.handle(boss, queue, job, completer)
            .catch((error: unknown) =>
              // The delivery stays active and comes back after EVENT_HANDLER_TIMEOUT_S: nothing is lost.
              this.log.warn({ msg: 'could not settle a delivery', jobId: job.id, reason: reasonOf(error) }),
            )
            .finally(() => inFlight.delete(handling));
          inFlight.add(handling);
        }
        if (jobs.length === 0) {
          if (inFlight.size === 0) await this.sleeper.sleep(this.deps.config.EVENT_POLL_MS);
          else await Promise.race([...inFlight, delay(this.deps.config.EVENT_POLL_MS)]);
        }
      } catch (error) {
        failures += 1;
        const delayMs = backoffDelay({ initialMs: 200, maxMs: 10_000, jitter: 0.2 }, failures);
        this.log.warn({ msg: 'event bus unavailable, retrying', queue, delayMs, reason: reasonOf(error) });
        await this.sleeper.sleep(delayMs);
      }
    }
    await Promise.allSettled([...inFlight]);
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

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
