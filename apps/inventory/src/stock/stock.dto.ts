import { applyDecorators } from '@nestjs/common';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidationOptions,
} from 'class-validator';
import { CATALOG_LIMITS, INVENTORY_LIMITS, inventoryV1, SKU_PATTERN } from '@bazaar/contracts';

/**
 * A SKU as the catalog allows it; `{ each: true }` for an array of them. Length before pattern: a SKU breaking
 * both rules lists its messages in that order, as callers have always seen them.
 */
export function IsSku(options: Pick<ValidationOptions, 'each'> = {}): PropertyDecorator {
  return applyDecorators(
    MaxLength(CATALOG_LIMITS.skuMaxLength, options),
    Matches(SKU_PATTERN, { ...options, message: 'sku must be upper-case letters, digits and dashes' }),
  );
}

export class SkuDto implements inventoryV1.GetStockRequest {
  @IsSku()
  sku!: string;
}

export class BatchGetStockDto implements inventoryV1.BatchGetStockRequest {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(INVENTORY_LIMITS.batchSkusMax)
  @IsSku({ each: true })
  skus!: string[];
}

export class AdjustStockDto implements inventoryV1.AdjustStockRequest {
  @IsSku()
  sku!: string;

  /** Which member of the `change` oneof is set: proto-loader (`oneofs: true`) names it beside the members. */
  @IsIn(['setOnHand', 'add'], { message: 'one of setOnHand or add must be set' })
  change!: 'setOnHand' | 'add';

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  setOnHand?: number;

  @IsOptional()
  @IsInt()
  @Min(-1_000_000)
  @Max(1_000_000)
  add?: number;

  @IsString()
  @MinLength(1)
  @MaxLength(INVENTORY_LIMITS.reasonMaxLength)
  reason!: string;
}

/**
 * Not `PageQuery`: over gRPC an unset field arrives as its proto default, so 0 and '' must mean "the default"
 * here, where `PageQuery` would refuse them.
 */
export class ListAdjustmentsDto implements inventoryV1.ListAdjustmentsRequest {
  @IsSku()
  sku!: string;

  /** 0 (the proto default) means the default page size. */
  @IsInt()
  @Min(0)
  @Max(INVENTORY_LIMITS.adjustmentsPageSizeMax)
  limit!: number;

  /** '' (the proto default) means the first page; else the `nextCursor` of the previous one. */
  @Matches(/^$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, {
    message: 'cursor must be the nextCursor of a previous page',
  })
  cursor!: string;
}
