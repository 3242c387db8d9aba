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
  CancelOrderRequest,
  CheckoutLineInput,
  CheckoutRequest,
  GetOrderRequest,
  ListOrdersRequest,
  ORDER_STATUSES,
  ORDERS_LIMITS,
  OrderStatus,
  ShippingAddressInput,
} from '@bazaar/contracts';
import { PageQuery } from '@bazaar/platform';

const ADDRESS_FIELD_MAX = 200;

export class CheckoutLineDto implements CheckoutLineInput {
  @IsUUID()
  productId!: string;

  @IsInt()
  @Min(1)
  @Max(ORDERS_LIMITS.quantityMax)
  quantity!: number;
}

export class ShippingAddressDto implements ShippingAddressInput {
  @IsString()
  @MinLength(1)
  @MaxLength(ADDRESS_FIELD_MAX)
  name!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(ADDRESS_FIELD_MAX)
  line1!: string;

  @IsOptional()
  @IsString()
  @MaxLength(ADDRESS_FIELD_MAX)
  line2?: string;

  @IsString()
  @MinLength(1)
  @MaxLength(ADDRESS_FIELD_MAX)
  city!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(20)
  postalCode!: string;

  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code' })
  country!: string;
}

export class CheckoutDto implements CheckoutRequest {
  @Matches(/^[\x21-\x7e]+$/, { message: 'idempotencyKey must be printable ASCII without spaces' })
  @MaxLength(ORDERS_LIMITS.idempotencyKeyMaxLength)
  idempotencyKey!: string;

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ORDERS_LIMITS.linesMax)
  @ValidateNested({ each: true })
  @Type(() => CheckoutLineDto)
  lines?: CheckoutLineDto[];

  @ValidateNested()
  @Type(() => ShippingAddressDto)
  shippingAddress!: ShippingAddressDto;

  @IsString()
  @MinLength(1)
  @MaxLength(ORDERS_LIMITS.cardTokenMaxLength)
  cardToken!: string;
}

export class GetOrderDto implements GetOrderRequest {
  @IsUUID()
  orderId!: string;
}

export class CancelOrderDto implements CancelOrderRequest {
  @IsUUID()
  orderId!: string;
}

export class ListOrdersDto
  extends PageQuery({
    cursor: 'opaque',
    maxLimit: ORDERS_LIMITS.pageSizeMax,
    defaultLimit: ORDERS_LIMITS.pageSizeDefault,
  })
  implements ListOrdersRequest {}

export class AdminListOrdersDto extends ListOrdersDto implements AdminListOrdersRequest {
  @IsOptional()
  @IsIn(ORDER_STATUSES)
  status?: OrderStatus;
}
