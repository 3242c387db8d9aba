import { Injectable, Logger } from '@nestjs/common';
import { ErrorCode } from '@bazaar/contracts';
import { reasonOf } from '@bazaar/messaging';
import { backoffDelay, BackoffPolicy, DomainError } from '@bazaar/platform';
import { OrdersConfig } from '../orders.config';
import { ClaimedSaga, SagaChange, StepEntry } from './order-records';
import { OrderRepository } from './order.repository';
import { SagaEvent } from './order-state-machine';
import { SagaLeases } from './saga-leases';

/** Failures that say "not now" (a dependency down or busy), not "never": the step is tried again later. */
const TRANSIENT: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'SERVICE_UNAVAILABLE',
  'PAYMENT_PROVIDER_UNAVAILABLE',
  'IDEMPOTENCY_KEY_IN_USE',
]);

export const isTransient = (error: unknown): boolean =>
  error instanceof DomainError && TRANSIENT.has(error.code);

/** A failure as the step log keeps it: the remote's code when there is one. */
export const describeFailure = (error: unknown): string =>
  error instanceof DomainError ? `${error.code}: ${error.message}` : reasonOf(error);

/**
 * How a saga moves on, shared by the forward steps and the compensations: a transition (or stopping when it is
 * refused: a stale lease means another instance owns the saga now), or giving the saga back to run again after a
 * back-off. What the runner does next is the returned saga (keep going) or null (stop: released, moved on, lost).
 */
@Injectable()
export class SagaMoves {
  private readonly log = new Logger('CheckoutSaga');
  private readonly backoff: BackoffPolicy;

  constructor(
    private readonly orders: OrderRepository,
    private readonly leases: SagaLeases,
    config: OrdersConfig,
  ) {
    this.backoff = {
      initialMs: config.ORDERS_SAGA_RETRY_BASE_MS,
      maxMs: config.ORDERS_SAGA_RETRY_MAX_MS,
      jitter: 0.2,
    };
  }

  async move(
    saga: ClaimedSaga,
    event: SagaEvent,
    entry: StepEntry,
    change?: SagaChange,
  ): Promise<ClaimedSaga | null> {
    const result = await this.orders.transition(saga.lease, event, entry, change);
    if (result.applied) return { order: result.order, lease: result.lease };
    this.log.warn({ msg: 'saga transition refused; stopping', orderId: saga.order.id, event, ...result });
    return null;
  }

  /** Logs the failed attempt and gives the saga back, due again after a back-off that grows with the attempts. */
  async retryLater(saga: ClaimedSaga, entry: StepEntry): Promise<null> {
    const attempt = await this.orders.recordStep(saga.lease, entry);
    if (attempt === null) return null;
    await this.leases.release(saga.lease, new Date(Date.now() + backoffDelay(this.backoff, attempt)));
    return null;
  }

  /** A transient failure before `deadline` is retried later; at or past it the saga gives up with `event`. */
  retryUntil(
    saga: ClaimedSaga,
    deadline: Date,
    entry: StepEntry,
    event: SagaEvent,
  ): Promise<ClaimedSaga | null> {
    if (Date.now() >= deadline.getTime()) {
      return this.move(saga, event, {
        ...entry,
        detail: `deadline passed; last failure: ${entry.detail ?? ''}`,
      });
    }
    return this.retryLater(saga, entry);
  }
}
