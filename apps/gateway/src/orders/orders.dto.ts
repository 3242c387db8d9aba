import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  AdminListOrdersRequest,
  AdminOrderPage,
  AdminOrderSummaryView,
  CheckoutLineInput,
  ListOrdersRequest,
  ORDER_STATUSES,
  OrderLineView,
  OrderPage,
  ORDERS_LIMITS,
  OrderStatus,
  OrderStepView,
  OrderSummaryView,
  OrderView,
  ShippingAddressInput,
} from '@bazaar/contracts';
import { PageQuery } from '@bazaar/platform';
import { MoneyDto } from '../products/products.dto';

const ADDRESS_FIELD_MAX = 200;

export class OrderParams {
  @ApiProperty({ format: 'uuid', description: "The order's id, as checkout answered it" })
  @IsUUID()
  id!: string;
}

export class CheckoutLineBody implements CheckoutLineInput {
  @ApiProperty({ format: 'uuid', description: "The product's id, as in `GET /api/v1/products`" })
  @IsUUID()
  productId!: string;

  @ApiProperty({ minimum: 1, maximum: ORDERS_LIMITS.quantityMax, example: 1 })
  @IsInt()
  @Min(1)
  @Max(ORDERS_LIMITS.quantityMax)
  quantity!: number;
}

export class ShippingAddressDto implements ShippingAddressInput {
  @ApiProperty({ minLength: 1, maxLength: ADDRESS_FIELD_MAX, example: 'Ada Lovelace' })
  @IsString()
  @MinLength(1)
  @MaxLength(ADDRESS_FIELD_MAX)
  name!: string;

  @ApiProperty({ minLength: 1, maxLength: ADDRESS_FIELD_MAX, example: '12 St James Sq' })
  @IsString()
  @MinLength(1)
  @MaxLength(ADDRESS_FIELD_MAX)
  line1!: string;

  @ApiPropertyOptional({ maxLength: ADDRESS_FIELD_MAX })
  @IsOptional()
  @IsString()
  @MaxLength(ADDRESS_FIELD_MAX)
  line2?: string;

  @ApiProperty({ minLength: 1, maxLength: ADDRESS_FIELD_MAX, example: 'London' })
  @IsString()
  @MinLength(1)
  @MaxLength(ADDRESS_FIELD_MAX)
  city!: string;

  @ApiProperty({ minLength: 1, maxLength: 20, example: 'SW1Y 4JH' })
  @IsString()
  @MinLength(1)
  @MaxLength(20)
  postalCode!: string;

  @ApiProperty({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2', example: 'GB' })
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code' })
  country!: string;
}

export class CheckoutBody {
  @ApiPropertyOptional({
    type: [CheckoutLineBody],
    minItems: 1,
    maxItems: ORDERS_LIMITS.linesMax,
    description:
      'What to order; left out, the cart is ordered. Prices are never sent: they are the catalog’s now',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ORDERS_LIMITS.linesMax)
  @ValidateNested({ each: true })
  @Type(() => CheckoutLineBody)
  lines?: CheckoutLineBody[];

  @ApiProperty({ type: ShippingAddressDto })
  @ValidateNested()
  @Type(() => ShippingAddressDto)
  shippingAddress!: ShippingAddressDto;

  @ApiProperty({
    minLength: 1,
    maxLength: ORDERS_LIMITS.cardTokenMaxLength,
    description:
      "The card processor's token for the card (the sandbox's test cards: `tok_approved`, `tok_declined`…)",
    example: 'tok_approved',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(ORDERS_LIMITS.cardTokenMaxLength)
  cardToken!: string;
}

export class OrderLineDto implements OrderLineView {
  @ApiProperty({ format: 'uuid' })
  productId!: string;

  @ApiProperty({ example: 'APP-001-1' })
  sku!: string;

  @ApiProperty({ example: 'Organic Cotton Crew T-Shirt — Navy' })
  name!: string;

  @ApiProperty({ type: MoneyDto, description: 'The price at checkout: what the order charges' })
  unitPrice!: MoneyDto;

  @ApiProperty({ minimum: 1, maximum: ORDERS_LIMITS.quantityMax, example: 1 })
  quantity!: number;

  @ApiProperty({ type: MoneyDto, description: 'unitPrice × quantity' })
  lineTotal!: MoneyDto;

  @ApiProperty({
    type: MoneyDto,
    nullable: true,
    description:
      'For a line ordered from the cart, the price the product had when it was put in the cart; null for lines ' +
      'given explicitly',
  })
  cartUnitPrice!: MoneyDto | null;

  @ApiProperty({
    description:
      'The price changed between cart and checkout: the order uses the price at checkout (`unitPrice`), not ' +
      '`cartUnitPrice`',
  })
  priceChanged!: boolean;
}

export class OrderStepDto implements OrderStepView {
  @ApiProperty({ example: 'reserve-stock' })
  step!: string;

  @ApiProperty({ enum: ['forward', 'compensation'] })
  kind!: 'forward' | 'compensation';

  @ApiProperty({ enum: ['planned', 'succeeded', 'failed'] })
  outcome!: 'planned' | 'succeeded' | 'failed';

  @ApiProperty({ minimum: 0, example: 1 })
  attempt!: number;

  @ApiProperty({ type: 'string', nullable: true, description: 'Why: a decline code, an error, a refusal' })
  detail!: string | null;

  @ApiProperty({ enum: ORDER_STATUSES, description: "The order's status once this step was written" })
  status!: OrderStatus;

  @ApiProperty({ format: 'date-time' })
  at!: string;
}

export class OrderDto implements OrderView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: ORDER_STATUSES, example: 'PENDING' })
  status!: OrderStatus;

  @ApiProperty({ type: [OrderLineDto] })
  lines!: OrderLineDto[];

  @ApiProperty({ type: MoneyDto, description: 'The sum of the lines, in the order’s one currency' })
  total!: MoneyDto;

  @ApiProperty({ type: ShippingAddressDto })
  shippingAddress!: ShippingAddressDto;

  @ApiProperty({
    type: 'string',
    format: 'date-time',
    nullable: true,
    description: 'Past it, a payment still not authorized cancels the order',
  })
  paymentDeadline!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  @ApiPropertyOptional({ type: [OrderStepDto], description: 'The saga’s step timeline, oldest first' })
  steps?: OrderStepDto[];
}

export class ListOrdersQuery
  extends PageQuery({
    cursor: 'opaque',
    maxLimit: ORDERS_LIMITS.pageSizeMax,
    defaultLimit: ORDERS_LIMITS.pageSizeDefault,
    limitDescription: 'Page size',
  })
  implements ListOrdersRequest {}

export class AdminListOrdersQuery extends ListOrdersQuery implements AdminListOrdersRequest {
  @ApiPropertyOptional({
    enum: ORDER_STATUSES,
    description: 'Only orders in this status (`COMPENSATION_FAILED`: those waiting for an admin)',
  })
  @IsOptional()
  @IsIn(ORDER_STATUSES)
  status?: OrderStatus;
}

export class OrderSummaryDto implements OrderSummaryView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: ORDER_STATUSES, example: 'CONFIRMED' })
  status!: OrderStatus;

  @ApiProperty({ type: MoneyDto })
  total!: MoneyDto;

  @ApiProperty({ minimum: 1, maximum: ORDERS_LIMITS.linesMax, example: 2 })
  linesCount!: number;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export class OrderPageDto implements OrderPage {
  @ApiProperty({ type: [OrderSummaryDto], description: 'Newest first' })
  items!: OrderSummaryDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last',
  })
  nextCursor!: string | null;
}

export class AdminOrderSummaryDto extends OrderSummaryDto implements AdminOrderSummaryView {
  @ApiProperty({ format: 'uuid', description: 'The shopper who placed it' })
  userId!: string;
}

export class AdminOrderPageDto implements AdminOrderPage {
  @ApiProperty({ type: [AdminOrderSummaryDto], description: 'Newest first' })
  items!: AdminOrderSummaryDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last',
  })
  nextCursor!: string | null;
}
