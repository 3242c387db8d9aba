import { Injectable } from '@nestjs/common';
import { OrdersConfig } from '../orders.config';
import { CrashPoints } from './crash-points';
import { ClaimedSaga, OrderRecord, StepRecord } from './order-records';
import { OrderRepository } from './order.repository';
import { SagaLeases } from './saga-leases';
import { describeFailure, SagaMoves } from './saga-moves';
import { SagaPayments } from './saga-payments';
import { SagaStock } from './saga-stock';
import { reservationIdOf, SAGA_STEPS, SagaStepName } from './saga-steps';

/**
 * A cancelling saga: the compensations its log planned, newest first, each skipped once it succeeded, each safe
 * to run again. A failing one is retried after a back-off; after ORDERS_COMPENSATION_MAX_ATTEMPTS failures in a
 * row the order is parked in COMPENSATION_FAILED, visible, for an admin.
 */
@Injectable()
export class SagaCompensations {
  constructor(
    private readonly orders: OrderRepository,
    private readonly leases: SagaLeases,
    private readonly moves: SagaMoves,
    private readonly stock: SagaStock,
    private readonly payments: SagaPayments,
    private readonly config: OrdersConfig,
    private readonly crash: CrashPoints,
  ) {}

  async run(saga: ClaimedSaga): Promise<ClaimedSaga | null> {
    const pending = pendingCompensations(await this.orders.steps(saga.order.id));
    if (pending.length === 0) {
      return this.moves.move(saga, 'compensationDone', {
        step: SAGA_STEPS.releaseStock,
        kind: 'compensation',
        outcome: 'succeeded',
        detail: 'nothing left to undo',
      });
    }
    let failuresSoFar = saga.order.stepAttempts;
    for (const [index, step] of pending.entries()) {
      // Each call may take long (a payments call waits up to ORDERS_PAYMENTS_TIMEOUT_MS): keep the lease.
      if (index > 0 && !(await this.leases.renew(saga.lease, this.config.ORDERS_SAGA_LEASE_MS))) return null;
      try {
        await this.undo(saga.order, step);
      } catch (error) {
        const entry = {
          step,
          kind: 'compensation',
          outcome: 'failed',
          detail: describeFailure(error),
        } as const;
        if (failuresSoFar + 1 >= this.config.ORDERS_COMPENSATION_MAX_ATTEMPTS) {
          return this.moves.move(saga, 'compensationExhausted', entry);
        }
        return this.moves.retryLater(saga, entry);
      }
      const entry = { step, kind: 'compensation', outcome: 'succeeded' } as const;
      if (index === pending.length - 1) return this.moves.move(saga, 'compensationDone', entry);
      if ((await this.orders.recordStep(saga.lease, entry)) === null) return null;
      failuresSoFar = 0;
    }
    return null;
  }

  private async undo(order: OrderRecord, step: SagaStepName): Promise<void> {
    switch (step) {
      case SAGA_STEPS.releaseStock:
        await this.stock.release(reservationIdOf(order.id));
        return this.crash.reached('after-release', order.id);
      case SAGA_STEPS.voidPayment:
        await this.voidPayments(order);
        return this.crash.reached('after-void', order.id);
      default:
        throw new Error(`${step} has no compensation`);
    }
  }

  /**
   * Voids the order's authorization by its key: payments settles a PENDING one (its outcome unknown) before voiding
   * it, and refuses one that arrives afterwards. A captured payment cannot be voided: that fails (PAYMENT_STATE),
   * and parks the order.
   */
  private async voidPayments(order: OrderRecord): Promise<void> {
    await this.payments.voidAuthorization(order);
  }
}

/** The planned compensations not yet done, in the order they must run: the reverse of their planning. */
export function pendingCompensations(steps: StepRecord[]): SagaStepName[] {
  const compensations = steps.filter((entry) => entry.kind === 'compensation');
  const done = new Set(compensations.filter((e) => e.outcome === 'succeeded').map((e) => e.step));
  const planned = [...new Set(compensations.filter((e) => e.outcome === 'planned').map((e) => e.step))];
  return planned.reverse().filter((step) => !done.has(step));
}
