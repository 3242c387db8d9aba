import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNotEmptyObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  CATALOG_CURRENCIES,
  CATALOG_LIMITS,
  CreateProductRequest,
  ListProductsRequest,
  ProductChanges,
  SKU_PATTERN,
  SLUG_PATTERN,
  UpdateProductRequest,
} from '@bazaar/contracts';
import { PageQuery } from '@bazaar/platform';

export class ListProductsDto
  extends PageQuery({
    cursor: 'opaque',
    maxLimit: CATALOG_LIMITS.pageSizeMax,
    defaultLimit: CATALOG_LIMITS.pageSizeDefault,
  })
  implements ListProductsRequest
{
  @IsOptional()
  @Matches(SLUG_PATTERN)
  @MaxLength(64)
  category?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(CATALOG_LIMITS.queryMaxLength)
  q?: string;
}

export class ProductChangesDto implements ProductChanges {
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(CATALOG_LIMITS.nameMaxLength)
  name?: string;

  @IsOptional()
  @IsString()
  @MaxLength(CATALOG_LIMITS.descriptionMaxLength)
  description?: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(CATALOG_LIMITS.priceMinorMax)
  priceMinor?: number;

  @IsOptional()
  @IsIn(CATALOG_CURRENCIES)
  currency?: string;

  @IsOptional()
  @Matches(SLUG_PATTERN)
  @MaxLength(64)
  category?: string;
}

export class CreateProductDto implements CreateProductRequest {
  @Matches(SKU_PATTERN)
  @MaxLength(CATALOG_LIMITS.skuMaxLength)
  sku!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(CATALOG_LIMITS.nameMaxLength)
  name!: string;

  @IsString()
  @MaxLength(CATALOG_LIMITS.descriptionMaxLength)
  description!: string;

  @IsInt()
  @Min(0)
  @Max(CATALOG_LIMITS.priceMinorMax)
  priceMinor!: number;

  @IsIn(CATALOG_CURRENCIES)
  currency!: string;

  @Matches(SLUG_PATTERN)
  @MaxLength(64)
  category!: string;
}

export class UpdateProductDto implements UpdateProductRequest {
  @IsUUID()
  id!: string;

  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => ProductChangesDto)
  changes!: ProductChangesDto;
}
