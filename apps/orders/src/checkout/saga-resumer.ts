import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { reasonOf } from '@bazaar/messaging';
import { PassOutcome, PollingLoop } from '@bazaar/platform';
import { OrdersConfig } from '../orders.config';
import { ClaimedSaga } from './order-records';
import { SagaLeases } from './saga-leases';
import { SAGA_RUNNER, SagaRunner } from './saga-runner';

/**
 * Finishes unfinished sagas, this instance's and those of instances that died: on start and then on every poll it
 * claims the due ones (a lease, `FOR UPDATE SKIP LOCKED`, so instances share the work and never run one saga
 * together) and hands each to the runner. Recovery is only "make the work claimable": a killed instance's leases
 * expire and its sagas come due again here or on another instance.
 */
@Injectable()
export class SagaResumer implements OnApplicationBootstrap, OnModuleDestroy {
  /** This instance's name on the leases it takes: unique per process, readable in the table. */
  readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly log = new Logger('SagaResumer');
  private readonly loop: PollingLoop;

  constructor(
    private readonly leases: SagaLeases,
    private readonly config: OrdersConfig,
    @Inject(SAGA_RUNNER) private readonly runner: SagaRunner,
  ) {
    this.loop = new PollingLoop(() => this.pass(), {
      pollMs: config.ORDERS_SAGA_POLL_MS,
      backoff: { initialMs: config.ORDERS_SAGA_POLL_MS, maxMs: 30_000, jitter: 0.2 },
      onFailure: (error, attempt, delayMs) =>
        this.log.warn({
          msg: 'saga resume pass failed',
          reason: reasonOf(error),
          attempt,
          retryInMs: delayMs,
        }),
      onRecovery: (failures) => this.log.log({ msg: 'saga resume passes work again', failures }),
    });
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
  }

  /** A saga was placed or came due: look now rather than at the next poll. */
  wake(): void {
    this.loop.wake();
  }

  /** Claims a batch and advances each; a full batch means more may be due. */
  private async pass(): Promise<PassOutcome> {
    const batch = this.config.ORDERS_SAGA_BATCH;
    const claimed = await this.leases.claimDue(this.owner, this.config.ORDERS_SAGA_LEASE_MS, batch);
    await Promise.all(claimed.map((saga) => this.advance(saga)));
    return claimed.length < batch ? 'idle' : 'busy';
  }

  private async advance(saga: ClaimedSaga): Promise<void> {
    try {
      await this.runner.advance(saga);
    } catch (error) {
      // The lease is kept: the saga comes due again when it expires, a back-off no crash loop can shorten.
      this.log.error({
        msg: 'saga step failed unexpectedly; retried when its lease expires',
        orderId: saga.order.id,
        status: saga.order.status,
        reason: reasonOf(error),
      });
    }
  }
}
