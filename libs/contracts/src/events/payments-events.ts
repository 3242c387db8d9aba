import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Min } from 'class-validator';
import { PAYMENTS_LIMITS } from '../payments';
import { defineEvent } from './event-type';

/** What every payment event carries: which payment, for which order, how much. */
class PaymentEventV1 {
  @IsUUID()
  paymentId!: string;

  @IsString()
  @Length(1, PAYMENTS_LIMITS.orderIdMaxLength)
  orderId!: string;

  /** Minor units: the authorized amount, or what this capture or refund moved. */
  @IsInt()
  @Min(1)
  amount!: number;

  @IsIn(PAYMENTS_LIMITS.currencies)
  currency!: string;

  @IsISO8601({ strict: true })
  occurredAt!: string;
}

export class PaymentAuthorizedV1 extends PaymentEventV1 {}
export class PaymentCapturedV1 extends PaymentEventV1 {}
export class PaymentVoidedV1 extends PaymentEventV1 {}
export class PaymentRefundedV1 extends PaymentEventV1 {}

/** An authorization the provider refused (a decline): the order cannot be paid with this card. */
export class PaymentFailedV1 extends PaymentEventV1 {
  /** CARD_DECLINED, CARD_INSUFFICIENT_FUNDS, CARD_EXPIRED. */
  @IsString()
  @Length(1, 64)
  reason!: string;

  @IsOptional()
  @IsString()
  detail?: string;
}

export const PAYMENTS_EVENTS = {
  paymentAuthorized: defineEvent('payments.payment.authorized.v1', PaymentAuthorizedV1),
  paymentCaptured: defineEvent('payments.payment.captured.v1', PaymentCapturedV1),
  paymentVoided: defineEvent('payments.payment.voided.v1', PaymentVoidedV1),
  paymentRefunded: defineEvent('payments.payment.refunded.v1', PaymentRefundedV1),
  paymentFailed: defineEvent('payments.payment.failed.v1', PaymentFailedV1),
} as const;
