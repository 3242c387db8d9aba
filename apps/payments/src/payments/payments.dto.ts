import {
  AuthorizePaymentRequest,
  CapturePaymentRequest,
  GetPaymentRequest,
  ListPaymentsRequest,
  PAYMENTS_LIMITS,
  PAYMENT_STATUSES,
  PaymentStatus,
  RefundPaymentRequest,
  VoidAuthorizationRequest,
  VoidPaymentRequest,
} from '@bazaar/contracts';
import { PageQuery } from '@bazaar/platform';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Min } from 'class-validator';

class IdempotentDto {
  @IsString()
  @Length(1, PAYMENTS_LIMITS.idempotencyKeyMaxLength)
  idempotencyKey!: string;
}

export class AuthorizeDto extends IdempotentDto implements AuthorizePaymentRequest {
  @IsString()
  @Length(1, PAYMENTS_LIMITS.orderIdMaxLength)
  orderId!: string;

  /** Minor units; the configured maximum is checked by the service (PAYMENT_AMOUNT_EXCEEDED). */
  @IsInt()
  @Min(1)
  amount!: number;

  @IsIn(PAYMENTS_LIMITS.currencies, {
    message: `currency must be one of ${PAYMENTS_LIMITS.currencies.join(', ')}`,
  })
  currency!: string;

  @IsString()
  @Length(4, PAYMENTS_LIMITS.cardTokenMaxLength)
  cardToken!: string;
}

export class CaptureDto extends IdempotentDto implements CapturePaymentRequest {
  @IsUUID()
  paymentId!: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  amount?: number;
}

export class VoidDto extends IdempotentDto implements VoidPaymentRequest {
  @IsUUID()
  paymentId!: string;
}

export class VoidAuthorizationDto extends IdempotentDto implements VoidAuthorizationRequest {
  @IsString()
  @Length(1, PAYMENTS_LIMITS.idempotencyKeyMaxLength)
  authorizeKey!: string;

  @IsString()
  @Length(1, PAYMENTS_LIMITS.orderIdMaxLength)
  orderId!: string;

  @IsInt()
  @Min(1)
  amount!: number;

  @IsIn(PAYMENTS_LIMITS.currencies)
  currency!: string;
}

export class RefundDto extends IdempotentDto implements RefundPaymentRequest {
  @IsUUID()
  paymentId!: string;

  @IsInt()
  @Min(1)
  amount!: number;
}

export class PaymentIdDto implements GetPaymentRequest {
  @IsUUID()
  paymentId!: string;
}

export class ListPaymentsDto
  extends PageQuery({
    maxLimit: PAYMENTS_LIMITS.pageSizeMax,
    defaultLimit: PAYMENTS_LIMITS.pageSizeDefault,
    cursor: 'uuid',
  })
  implements ListPaymentsRequest
{
  @IsOptional()
  @IsString()
  @Length(1, PAYMENTS_LIMITS.orderIdMaxLength)
  orderId?: string;

  @IsOptional()
  @IsIn(PAYMENT_STATUSES)
  status?: PaymentStatus;
}
