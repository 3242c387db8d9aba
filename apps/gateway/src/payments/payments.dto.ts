import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import {
  BreakersReply,
  BreakerView,
  ListPaymentsRequest,
  PaymentAttemptView,
  PaymentPage,
  PAYMENTS_LIMITS,
  PAYMENT_STATUSES,
  PaymentStatus,
  PaymentView,
} from '@bazaar/contracts';
import { PageQuery } from '@bazaar/platform';

export class ListPaymentsQuery
  extends PageQuery({
    cursor: 'uuid',
    maxLimit: PAYMENTS_LIMITS.pageSizeMax,
    defaultLimit: PAYMENTS_LIMITS.pageSizeDefault,
  })
  implements ListPaymentsRequest
{
  @ApiPropertyOptional({ description: "One order's payments", maxLength: PAYMENTS_LIMITS.orderIdMaxLength })
  @IsOptional()
  @IsString()
  @Length(1, PAYMENTS_LIMITS.orderIdMaxLength)
  orderId?: string;

  @ApiPropertyOptional({ enum: PAYMENT_STATUSES, description: 'Only payments in this state' })
  @IsOptional()
  @IsIn(PAYMENT_STATUSES)
  status?: PaymentStatus;
}

export class PaymentParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id!: string;
}

export class PaymentAttemptDto implements PaymentAttemptView {
  @ApiProperty({ enum: ['authorize', 'capture', 'void', 'refund'] })
  operation!: PaymentAttemptView['operation'];

  @ApiProperty({ description: '1 for the first call of the operation, 2 for its first retry...' })
  attempt!: number;

  @ApiProperty({
    enum: ['approved', 'declined', 'ok', 'error', 'timeout', 'rejected'],
    description: '`rejected`: not sent, the circuit breaker was open',
  })
  outcome!: PaymentAttemptView['outcome'];

  @ApiProperty({ type: Number, nullable: true, description: "The provider's HTTP status, when it answered" })
  httpStatus!: number | null;

  @ApiProperty()
  latencyMs!: number;

  @ApiProperty({ type: String, nullable: true })
  error!: string | null;

  @ApiProperty({ format: 'date-time' })
  at!: string;
}

export class PaymentDto implements PaymentView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  orderId!: string;

  @ApiProperty({
    enum: PAYMENT_STATUSES,
    description: '`PENDING`: the authorization was asked for and its outcome is not known yet',
  })
  status!: PaymentStatus;

  @ApiProperty({ description: 'Authorized amount, in minor units', example: 4200 })
  amount!: number;

  @ApiProperty({ example: 'EUR' })
  currency!: string;

  @ApiProperty()
  capturedAmount!: number;

  @ApiProperty()
  refundedAmount!: number;

  @ApiProperty({ type: String, nullable: true, example: 'CARD_DECLINED' })
  declineCode!: string | null;

  @ApiProperty({ example: 'oved' })
  cardLast4!: string;

  @ApiProperty({ type: String, nullable: true, description: "The provider's authorization id" })
  providerReference!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  @ApiProperty({ type: [PaymentAttemptDto], description: 'Every call made to the provider, oldest first' })
  attempts!: PaymentAttemptDto[];
}

export class PaymentPageDto implements PaymentPage {
  @ApiProperty({ type: [PaymentDto] })
  items!: PaymentDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page' })
  nextCursor!: string | null;
}

class BreakerWindowDto {
  @ApiProperty()
  calls!: number;

  @ApiProperty()
  failures!: number;

  @ApiProperty({ description: 'Calls answered at once because the breaker was open' })
  rejected!: number;

  @ApiProperty()
  windowMs!: number;
}

export class BreakerDto implements BreakerView {
  @ApiProperty({ example: 'psp-sandbox' })
  name!: string;

  @ApiProperty({ enum: ['closed', 'open', 'half-open'] })
  state!: BreakerView['state'];

  @ApiProperty({
    type: BreakerWindowDto,
    description: 'The rolling window the failure share is measured over',
  })
  window!: BreakerWindowDto;

  @ApiPropertyOptional({ format: 'date-time', description: 'When it last opened' })
  openedAt?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'While open: when it lets one probe call through',
  })
  probeAt?: string;
}

export class BreakersDto implements BreakersReply {
  @ApiProperty({ type: [BreakerDto] })
  breakers!: BreakerDto[];
}
