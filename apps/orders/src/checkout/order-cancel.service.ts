import { Injectable } from '@nestjs/common';
import { Caller, OrderView } from '@bazaar/contracts';
import { orderNotFound, orderState } from './checkout.errors';
import { ownerOf } from './checkout.service';
import { OrderRepository } from './order.repository';
import { toOrderView } from './order-view';
import { SagaResumer } from './saga-resumer';
import { SAGA_STEPS } from './saga-steps';

/** Why the order is being undone, in its timeline and in its `cancelling`/`refunding` event. */
export const CANCELLED_BY_SHOPPER = 'cancelled by the shopper';

/**
 * A shopper cancels an order. The cancel itself is one transaction (the status, its step-log entry, its event,
 * the saga taken from whoever held it); the work it starts runs as saga work on the resume loop: before
 * confirmation the compensations (void, release), after it the refund. Answers the order as it now is.
 */
@Injectable()
export class OrderCancelService {
  constructor(
    private readonly orders: OrderRepository,
    private readonly resumer: SagaResumer,
  ) {}

  async cancel(caller: Caller | undefined, orderId: string): Promise<OrderView> {
    const result = await this.orders.cancel(orderId, ownerOf(caller), {
      step: SAGA_STEPS.cancel,
      kind: 'forward',
      outcome: 'succeeded',
      detail: CANCELLED_BY_SHOPPER,
    });
    // Another user's order is not found rather than forbidden, as on reading it.
    if (!result.cancelled && result.reason === 'not-found') throw orderNotFound(orderId);
    if (!result.cancelled) throw orderState(orderId, result.status);
    // Due at once: this instance's loop looks now rather than at its next poll.
    this.resumer.wake();
    return toOrderView(result.order, await this.orders.steps(orderId));
  }
}
