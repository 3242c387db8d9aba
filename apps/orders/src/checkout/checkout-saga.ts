import { Injectable } from '@nestjs/common';
import { Tracing } from '@bazaar/observability';
import { DomainError, RequestContext } from '@bazaar/platform';
import { OrdersConfig } from '../orders.config';
import { CrashPoints } from './crash-points';
import { ClaimedSaga, StepEntry } from './order-records';
import { needsWork } from './order-state-machine';
import { OrderRepository } from './order.repository';
import { SagaCompensations } from './saga-compensations';
import { SagaLeases } from './saga-leases';
import { describeFailure, isTransient, SagaMoves } from './saga-moves';
import { SagaPayments } from './saga-payments';
import { SagaRefunds } from './saga-refunds';
import { SagaRunner } from './saga-runner';
import { SagaStock } from './saga-stock';
import { COMPENSATION_OF, reservationIdOf, SAGA_STEPS, SagaStepName } from './saga-steps';

/** What the saga does from each status it works on, as its spans name it. */
const STEP_OF_STATUS: Partial<Record<ClaimedSaga['order']['status'], string>> = {
  PENDING: 'reserve stock',
  STOCK_RESERVED: 'authorize payment',
  PAYMENT_AUTHORIZED: 'capture and commit',
  CANCELLING: 'compensate',
  REFUNDING: 'refund',
};

const failed = (step: SagaStepName, error: unknown): StepEntry => ({
  step,
  kind: 'forward',
  outcome: 'failed',
  detail: describeFailure(error),
});

/**
 * The checkout saga: from each status, the next step under its deterministic key, then the transition it leads
 * to, until the order is over, waits for a retry (its lease released with the time to run again), or turns out to
 * be another instance's (a refused transition: stop). Reserve stock → authorize payment → capture and commit;
 * out of stock → REJECTED; declined, or unavailable past the payment deadline → CANCELLING, whose compensations
 * SagaCompensations runs; a confirmed order the shopper cancelled → REFUNDING, whose refund SagaRefunds runs. Anything that is not a known refusal or outage is thrown: the lease is kept and the
 * saga comes due again when it expires.
 */
@Injectable()
export class CheckoutSaga implements SagaRunner {
  constructor(
    private readonly orders: OrderRepository,
    private readonly moves: SagaMoves,
    private readonly stock: SagaStock,
    private readonly payments: SagaPayments,
    private readonly compensations: SagaCompensations,
    private readonly refunds: SagaRefunds,
    private readonly leases: SagaLeases,
    private readonly config: OrdersConfig,
    private readonly crash: CrashPoints,
  ) {}

  advance(claimed: ClaimedSaga): Promise<void> {
    // Its own unit of work, whoever started it: calls carry the saga's request id and never a shopper as caller.
    return RequestContext.run({ requestId: `saga:${claimed.order.id}` }, async () => {
      let saga: ClaimedSaga | null = claimed;
      while (saga && needsWork(saga.order.status)) {
        // A transition keeps the lease's expiry: each further step (a payments call may wait long) renews it.
        if (saga !== claimed && !(await this.leases.renew(saga.lease, this.config.ORDERS_SAGA_LEASE_MS)))
          return;
        saga = await this.step(saga);
      }
    });
  }

  /**
   * One step in a span of its own (a child of the checkout's span when the saga runs right after it, a new trace
   * when a resumer picks it up later), with the status it led to.
   */
  private step(saga: ClaimedSaga): Promise<ClaimedSaga | null> {
    const from = saga.order.status;
    return Tracing.inSpan(
      `saga ${STEP_OF_STATUS[from] ?? from}`,
      { attributes: { 'bazaar.order_id': saga.order.id, 'bazaar.saga.from': from } },
      (span) =>
        this.stepFrom(saga).then((next) => {
          span?.span.setAttribute('bazaar.saga.to', next?.order.status ?? 'released');
          return next;
        }),
    );
  }

  private stepFrom(saga: ClaimedSaga): Promise<ClaimedSaga | null> {
    switch (saga.order.status) {
      case 'PENDING':
        return this.reserveStock(saga);
      case 'STOCK_RESERVED':
        return this.authorizePayment(saga);
      case 'PAYMENT_AUTHORIZED':
        return this.confirm(saga);
      case 'CANCELLING':
        return this.compensations.run(saga);
      case 'REFUNDING':
        return this.refunds.run(saga);
      default:
        return Promise.resolve(null);
    }
  }

  private async reserveStock(saga: ClaimedSaga): Promise<ClaimedSaga | null> {
    const { order } = saga;
    const step = SAGA_STEPS.reserveStock;
    if (!(await this.orders.planCompensation(saga.lease, COMPENSATION_OF[step]))) return null;
    const reservationId = reservationIdOf(order.id);
    this.crash.reached('before-reserve', order.id);
    try {
      const outcome = await this.stock.reserve(reservationId, order.id, order.lines);
      this.crash.reached('after-reserve', order.id);
      if (outcome.kind === 'refused') {
        return this.moves.move(saga, 'outOfStock', {
          step,
          kind: 'forward',
          outcome: 'failed',
          detail: outcome.reason,
        });
      }
      if (outcome.kind === 'closed') {
        return this.moves.move(saga, 'stockUnavailable', {
          step,
          kind: 'forward',
          outcome: 'failed',
          detail: outcome.reason,
        });
      }
      const reserved = await this.moves.move(
        saga,
        'stockReserved',
        { step, kind: 'forward', outcome: 'succeeded', detail: `reservation ${reservationId}` },
        { reservationExpiresAt: outcome.expiresAt },
      );
      if (reserved) this.crash.reached('stock-reserved-written', order.id);
      return reserved;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return this.moves.retryUntil(saga, this.deadlineOf(saga), failed(step, error), 'stockUnavailable');
    }
  }

  private async authorizePayment(saga: ClaimedSaga): Promise<ClaimedSaga | null> {
    const step = SAGA_STEPS.authorizePayment;
    if (!(await this.orders.planCompensation(saga.lease, COMPENSATION_OF[step]))) return null;
    // The stored reservation expiry: money is not held for stock no longer held (the commit would be refused).
    const expiresAt = saga.order.reservationExpiresAt;
    if (expiresAt && expiresAt.getTime() <= Date.now()) {
      return this.moves.move(saga, 'paymentUnavailable', {
        step,
        kind: 'forward',
        outcome: 'failed',
        detail: `the reservation expired at ${expiresAt.toISOString()}, before the payment was authorized`,
      });
    }
    try {
      const payment = await this.payments.authorize(saga.order);
      this.crash.reached('after-authorize', saga.order.id);
      if (payment.status === 'AUTHORIZED') {
        const authorized = await this.moves.move(saga, 'paymentAuthorized', {
          step,
          kind: 'forward',
          outcome: 'succeeded',
          detail: `payment ${payment.id}`,
        });
        if (authorized) this.crash.reached('payment-authorized-written', saga.order.id);
        return authorized;
      }
      if (payment.status === 'DECLINED') {
        return this.moves.move(saga, 'paymentDeclined', {
          step,
          kind: 'forward',
          outcome: 'failed',
          detail: payment.declineCode ?? 'declined',
        });
      }
      // PENDING (its outcome still unknown to payments): ask again later with the same key.
      const pending = new DomainError(
        'PAYMENT_PROVIDER_UNAVAILABLE',
        `payment ${payment.id} is ${payment.status}`,
      );
      return this.moves.retryUntil(saga, this.deadlineOf(saga), failed(step, pending), 'paymentUnavailable');
    } catch (error) {
      if (isTransient(error)) {
        return this.moves.retryUntil(saga, this.deadlineOf(saga), failed(step, error), 'paymentUnavailable');
      }
      if (!(error instanceof DomainError)) throw error;
      // Refused for good (the amount, the key): no payment will come of it.
      return this.moves.move(saga, 'paymentDeclined', failed(step, error));
    }
  }

  /**
   * Captures the authorized payment, then commits the reservation. Outages are retried with no deadline (the money
   * is held and the stock reserved: only finishing or a definite refusal ends it); a definite refusal (the
   * reservation expired, the authorization lapsed) undoes the rest.
   */
  private async confirm(saga: ClaimedSaga): Promise<ClaimedSaga | null> {
    const { order } = saga;
    let step: SagaStepName = SAGA_STEPS.capturePayment;
    try {
      const payment = (await this.payments.ofOrder(order.id)).find(
        (p) => p.status === 'AUTHORIZED' || p.status === 'CAPTURED',
      );
      if (!payment) {
        return this.moves.move(saga, 'confirmationFailed', {
          step,
          kind: 'forward',
          outcome: 'failed',
          detail: 'no authorized payment for the order',
        });
      }
      if (payment.status === 'AUTHORIZED') {
        await this.payments.capture(order.id, payment.id);
        this.crash.reached('after-capture', order.id);
      }
      // Logged once, also when an instance that died before logging it did the capture.
      if (payment.status === 'AUTHORIZED' || !(await this.captureLogged(order.id))) {
        const logged = await this.orders.recordStep(saga.lease, {
          step,
          kind: 'forward',
          outcome: 'succeeded',
          detail: `payment ${payment.id}`,
        });
        if (logged === null) return null;
      }
      step = SAGA_STEPS.commitStock;
      await this.stock.commit(reservationIdOf(order.id));
      this.crash.reached('after-commit', order.id);
      return this.moves.move(saga, 'confirmed', { step, kind: 'forward', outcome: 'succeeded' });
    } catch (error) {
      if (isTransient(error)) return this.moves.retryLater(saga, failed(step, error));
      if (!(error instanceof DomainError)) throw error;
      return this.moves.move(saga, 'confirmationFailed', failed(step, error));
    }
  }

  private async captureLogged(orderId: string): Promise<boolean> {
    return (await this.orders.steps(orderId)).some(
      (entry) => entry.step === SAGA_STEPS.capturePayment && entry.outcome === 'succeeded',
    );
  }

  /** The order's stored deadline for reserving and authorizing; one placed without it gets the configured one. */
  private deadlineOf({ order }: ClaimedSaga): Date {
    return (
      order.paymentDeadline ?? new Date(order.createdAt.getTime() + this.config.ORDERS_PAYMENT_DEADLINE_MS)
    );
  }
}
