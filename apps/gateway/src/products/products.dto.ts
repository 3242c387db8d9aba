import { ApiProperty, ApiPropertyOptional, PartialType, OmitType } from '@nestjs/swagger';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import {
  Availability,
  AVAILABILITY_STATUSES,
  AvailabilityStatus,
  LOW_STOCK_THRESHOLD,
  CATALOG_CURRENCIES,
  CATALOG_LIMITS,
  CategoryView,
  CreateProductRequest,
  Money,
  ProductChanges,
  ProductPage,
  ProductView,
  SKU_PATTERN,
  SLUG_PATTERN,
} from '@bazaar/contracts';
import { PageQuery } from '@bazaar/platform';

export class ListProductsQuery extends PageQuery({
  cursor: 'opaque',
  maxLimit: CATALOG_LIMITS.pageSizeMax,
  defaultLimit: CATALOG_LIMITS.pageSizeDefault,
  limitDescription: 'Page size',
}) {
  @ApiPropertyOptional({ description: 'Category slug', example: 'apparel' })
  @IsOptional()
  @Matches(SLUG_PATTERN, { message: 'category must be a slug such as home-kitchen' })
  @MaxLength(64)
  category?: string;

  @ApiPropertyOptional({
    description: 'Case-insensitive text search in name and description',
    maxLength: CATALOG_LIMITS.queryMaxLength,
    example: 'merino',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(CATALOG_LIMITS.queryMaxLength)
  q?: string;
}

export class MoneyDto implements Money {
  @ApiProperty({ description: 'Amount in minor units (cents)', example: 2400 })
  amountMinor!: number;

  @ApiProperty({ enum: CATALOG_CURRENCIES, example: 'EUR' })
  currency!: string;
}

export class CategoryDto implements CategoryView {
  @ApiProperty({ example: 'apparel' })
  slug!: string;

  @ApiProperty({ example: 'Apparel' })
  name!: string;
}

export class AvailabilityDto implements Availability {
  @ApiProperty({
    enum: AVAILABILITY_STATUSES,
    description: `\`low\` at ${LOW_STOCK_THRESHOLD} or fewer units; \`unknown\` while inventory cannot answer`,
  })
  status!: AvailabilityStatus;

  @ApiPropertyOptional({ description: 'Units available; only in answers to admins', example: 37 })
  available?: number;
}

export class ProductDto implements ProductView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'APP-001-1' })
  sku!: string;

  @ApiProperty({ example: 'Organic Cotton Crew T-Shirt — Navy' })
  name!: string;

  @ApiProperty()
  description!: string;

  @ApiProperty({ type: MoneyDto })
  price!: MoneyDto;

  @ApiProperty({ type: CategoryDto })
  category!: CategoryDto;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  @ApiProperty({ type: AvailabilityDto })
  availability!: AvailabilityDto;
}

export class ProductPageDto implements ProductPage {
  @ApiProperty({ type: [ProductDto] })
  items!: ProductDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last',
  })
  nextCursor!: string | null;
}

export class CreateProductBody implements Omit<CreateProductRequest, never> {
  @ApiProperty({ example: 'APP-900-1', maxLength: CATALOG_LIMITS.skuMaxLength, pattern: SKU_PATTERN.source })
  @Matches(SKU_PATTERN, { message: 'sku must be upper-case letters, digits and dashes' })
  @MaxLength(CATALOG_LIMITS.skuMaxLength)
  sku!: string;

  @ApiProperty({ example: 'Waxed Canvas Tote', maxLength: CATALOG_LIMITS.nameMaxLength })
  @IsString()
  @IsNotEmpty()
  @MaxLength(CATALOG_LIMITS.nameMaxLength)
  name!: string;

  @ApiProperty({ example: 'Water-resistant waxed cotton with leather handles.', maxLength: 4000 })
  @IsString()
  @MaxLength(CATALOG_LIMITS.descriptionMaxLength)
  description!: string;

  @ApiProperty({ example: 5900, minimum: 0, maximum: CATALOG_LIMITS.priceMinorMax })
  @IsInt()
  @Min(0)
  @Max(CATALOG_LIMITS.priceMinorMax)
  priceMinor!: number;

  @ApiProperty({ enum: CATALOG_CURRENCIES, example: 'EUR' })
  @IsIn(CATALOG_CURRENCIES)
  currency!: string;

  @ApiProperty({ example: 'apparel', description: 'Slug of an existing category' })
  @Matches(SLUG_PATTERN, { message: 'category must be a slug such as home-kitchen' })
  @MaxLength(64)
  category!: string;
}

export class UpdateProductBody
  extends PartialType(OmitType(CreateProductBody, ['sku'] as const))
  implements ProductChanges {}
