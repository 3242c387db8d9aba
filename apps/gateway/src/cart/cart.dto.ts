import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsUUID, Max, Min } from 'class-validator';
import { CART_LIMITS, CartLineView, CartView, CATALOG_CURRENCIES } from '@bazaar/contracts';
import { AvailabilityDto, MoneyDto } from '../products/products.dto';

export class CartItemParams {
  @ApiProperty({ format: 'uuid', description: "The product's id, as in `GET /api/v1/products`" })
  @IsUUID()
  productId!: string;
}

export class PutCartItemBody {
  @ApiProperty({
    description: `Units of the product in the cart from now on; 0 removes it from the cart`,
    minimum: 0,
    maximum: CART_LIMITS.quantityMax,
    example: 2,
  })
  @IsInt()
  @Min(0)
  @Max(CART_LIMITS.quantityMax)
  quantity!: number;
}

export class CartLineDto implements CartLineView {
  @ApiProperty({ format: 'uuid' })
  productId!: string;

  @ApiProperty({ example: 'APP-001-1' })
  sku!: string;

  @ApiProperty({ example: 'Organic Cotton Crew T-Shirt — Navy', description: "The product's name now" })
  name!: string;

  @ApiProperty({ type: MoneyDto, description: "The product's price now, as catalog has it" })
  unitPrice!: MoneyDto;

  @ApiProperty({ minimum: 1, maximum: CART_LIMITS.quantityMax, example: 2 })
  quantity!: number;

  @ApiProperty({ type: MoneyDto, description: 'unitPrice × quantity' })
  lineTotal!: MoneyDto;

  @ApiProperty({ type: AvailabilityDto })
  availability!: AvailabilityDto;
}

export class CartDto implements CartView {
  @ApiProperty({
    type: [CartLineDto],
    maxItems: CART_LIMITS.linesMax,
    description: 'Oldest first; a product deleted from the catalog leaves the cart',
  })
  lines!: CartLineDto[];

  @ApiProperty({ description: 'Units across all lines', example: 3 })
  itemCount!: number;

  // Written out rather than a reference to MoneyDto: OpenAPI 3.0 cannot make a `$ref` nullable.
  @ApiProperty({
    type: 'object',
    nullable: true,
    properties: {
      amountMinor: { type: 'integer', description: 'Amount in minor units (cents)', example: 7200 },
      currency: { type: 'string', enum: [...CATALOG_CURRENCIES], example: 'EUR' },
    },
    required: ['amountMinor', 'currency'],
    selfRequired: true,
    description:
      'The sum of the line totals, in the cart’s one currency; null when the cart is empty (or, should the ' +
      'catalog move a product to another currency, until that line is removed)',
  })
  total!: MoneyDto | null;
}
