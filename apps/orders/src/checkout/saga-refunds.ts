import { Injectable } from '@nestjs/common';
import { DomainError } from '@bazaar/platform';
import { OrdersConfig } from '../orders.config';
import { ClaimedSaga, StepEntry } from './order-records';
import { describeFailure, SagaMoves } from './saga-moves';
import { SagaPayments } from './saga-payments';
import { SAGA_STEPS } from './saga-steps';

/**
 * A cancelled confirmed order (`REFUNDING`): its captured payment refunded through payments under the key
 * `<orderId>:refund`, so a refund repeated after a crash or a lost answer gives the money back once. Found by
 * order, never remembered; one already REFUNDED is done. A failure is retried after a back-off, and after
 * ORDERS_COMPENSATION_MAX_ATTEMPTS in a row the order is parked in COMPENSATION_FAILED, for an admin.
 */
@Injectable()
export class SagaRefunds {
  constructor(
    private readonly moves: SagaMoves,
    private readonly payments: SagaPayments,
    private readonly config: OrdersConfig,
  ) {}

  async run(saga: ClaimedSaga): Promise<ClaimedSaga | null> {
    const { order } = saga;
    const step = SAGA_STEPS.refund;
    try {
      const payment = (await this.payments.ofOrder(order.id)).find(
        (p) => p.status === 'CAPTURED' || p.status === 'REFUNDED',
      );
      if (!payment) throw new DomainError('PAYMENT_NOT_FOUND', 'no captured payment for the order');
      if (payment.status === 'CAPTURED') {
        await this.payments.refund(order.id, payment.id, payment.capturedAmount - payment.refundedAmount);
      }
      return this.moves.move(saga, 'refunded', {
        step,
        kind: 'compensation',
        outcome: 'succeeded',
        detail: `payment ${payment.id}`,
      });
    } catch (error) {
      const entry: StepEntry = {
        step,
        kind: 'compensation',
        outcome: 'failed',
        detail: describeFailure(error),
      };
      if (order.stepAttempts + 1 >= this.config.ORDERS_COMPENSATION_MAX_ATTEMPTS) {
        return this.moves.move(saga, 'compensationExhausted', entry);
      }
      return this.moves.retryLater(saga, entry);
    }
  }
}
