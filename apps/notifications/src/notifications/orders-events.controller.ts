import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  EventEnvelope,
  OrderCancelledV1,
  OrderConfirmedV1,
  OrderRefundedV1,
  ORDERS_EVENTS,
} from '@bazaar/contracts';
import { NotificationsService } from './notifications.service';

/** A confirmed, cancelled or refunded order becomes an email to its shopper, with its lines and total. */
@Controller()
export class OrdersEventsController {
  constructor(private readonly notifications: NotificationsService) {}

  @EventPattern(ORDERS_EVENTS.orderConfirmed.type)
  orderConfirmed(@Payload() event: EventEnvelope<OrderConfirmedV1>): Promise<void> {
    return this.notifications.fromOrderEvent(event);
  }

  @EventPattern(ORDERS_EVENTS.orderCancelled.type)
  orderCancelled(@Payload() event: EventEnvelope<OrderCancelledV1>): Promise<void> {
    return this.notifications.fromOrderEvent(event);
  }

  @EventPattern(ORDERS_EVENTS.orderRefunded.type)
  orderRefunded(@Payload() event: EventEnvelope<OrderRefundedV1>): Promise<void> {
    return this.notifications.fromOrderEvent(event);
  }
}
