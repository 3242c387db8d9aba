import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { ORDER_STATUSES, ORDERS_LIMITS, OrderStatus } from '../orders';
import { defineEvent } from './event-type';

/** One line of the order, at its price when placed: what an email or a ledger needs without asking orders. */
export class OrderEventLineV1 {
  @IsUUID()
  productId!: string;

  @IsString()
  @Length(1, ORDERS_LIMITS.skuMaxLength)
  sku!: string;

  @IsString()
  @Length(1, ORDERS_LIMITS.nameMaxLength)
  name!: string;

  /** Minor units. */
  @IsInt()
  @Min(0)
  unitPrice!: number;

  @IsInt()
  @Min(1)
  @Max(ORDERS_LIMITS.quantityMax)
  quantity!: number;
}

/** What every order event carries: the order as it is after the transition, with its lines and total. */
class OrderEventV1 {
  @IsUUID()
  orderId!: string;

  @IsUUID()
  userId!: string;

  @IsIn(ORDER_STATUSES)
  status!: OrderStatus;

  @IsString()
  @Length(ORDERS_LIMITS.currencyLength, ORDERS_LIMITS.currencyLength)
  currency!: string;

  /** Minor units. */
  @IsInt()
  @Min(1)
  total!: number;

  @ValidateNested({ each: true })
  @Type(() => OrderEventLineV1)
  @ArrayMinSize(1)
  @ArrayMaxSize(ORDERS_LIMITS.linesMax)
  lines!: OrderEventLineV1[];

  /**
   * Why the order got here, when it is a failure: a decline code, out of stock, a deadline. On `cancelled`, why it
   * was cancelled (what moved it to CANCELLING), not how its last compensation went.
   */
  @IsOptional()
  @IsString()
  @Length(1, ORDERS_LIMITS.reasonMaxLength)
  reason?: string;

  @IsISO8601({ strict: true })
  occurredAt!: string;
}

export class OrderPlacedV1 extends OrderEventV1 {}
export class OrderStockReservedV1 extends OrderEventV1 {}
export class OrderPaymentAuthorizedV1 extends OrderEventV1 {}
export class OrderConfirmedV1 extends OrderEventV1 {}
export class OrderRejectedV1 extends OrderEventV1 {}
export class OrderCancellingV1 extends OrderEventV1 {}
export class OrderCancelledV1 extends OrderEventV1 {}
export class OrderCompensationFailedV1 extends OrderEventV1 {}
export class OrderRefundingV1 extends OrderEventV1 {}
export class OrderRefundedV1 extends OrderEventV1 {}

/** One event per status an order enters (`orders.order.<status>.v1`), recorded in the transition's transaction. */
export const ORDERS_EVENTS = {
  orderPlaced: defineEvent('orders.order.placed.v1', OrderPlacedV1),
  orderStockReserved: defineEvent('orders.order.stock_reserved.v1', OrderStockReservedV1),
  orderPaymentAuthorized: defineEvent('orders.order.payment_authorized.v1', OrderPaymentAuthorizedV1),
  orderConfirmed: defineEvent('orders.order.confirmed.v1', OrderConfirmedV1),
  orderRejected: defineEvent('orders.order.rejected.v1', OrderRejectedV1),
  orderCancelling: defineEvent('orders.order.cancelling.v1', OrderCancellingV1),
  orderCancelled: defineEvent('orders.order.cancelled.v1', OrderCancelledV1),
  orderCompensationFailed: defineEvent('orders.order.compensation_failed.v1', OrderCompensationFailedV1),
  orderRefunding: defineEvent('orders.order.refunding.v1', OrderRefundingV1),
  orderRefunded: defineEvent('orders.order.refunded.v1', OrderRefundedV1),
} as const;

/** The event an order records when it enters each status (PENDING: placed). */
export const ORDER_EVENT_BY_STATUS = {
  PENDING: ORDERS_EVENTS.orderPlaced,
  STOCK_RESERVED: ORDERS_EVENTS.orderStockReserved,
  PAYMENT_AUTHORIZED: ORDERS_EVENTS.orderPaymentAuthorized,
  CONFIRMED: ORDERS_EVENTS.orderConfirmed,
  REJECTED: ORDERS_EVENTS.orderRejected,
  CANCELLING: ORDERS_EVENTS.orderCancelling,
  CANCELLED: ORDERS_EVENTS.orderCancelled,
  COMPENSATION_FAILED: ORDERS_EVENTS.orderCompensationFailed,
  REFUNDING: ORDERS_EVENTS.orderRefunding,
  REFUNDED: ORDERS_EVENTS.orderRefunded,
} as const satisfies Record<OrderStatus, unknown>;
