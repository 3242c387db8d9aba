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
import { CATALOG_LIMITS, INVENTORY_LIMITS, inventoryV1, SKU_PATTERN } from '@bazaar/contracts';

const SKU_MESSAGE = 'sku must be upper-case letters, digits and dashes';

export class SkuDto implements inventoryV1.GetStockRequest {
  @Matches(SKU_PATTERN, { message: SKU_MESSAGE })
  @MaxLength(CATALOG_LIMITS.skuMaxLength)
  sku!: string;
}

export class BatchGetStockDto implements inventoryV1.BatchGetStockRequest {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(INVENTORY_LIMITS.batchSkusMax)
  @Matches(SKU_PATTERN, { each: true, message: SKU_MESSAGE })
  @MaxLength(CATALOG_LIMITS.skuMaxLength, { each: true })
  skus!: string[];
}

export class AdjustStockDto {
  @Matches(SKU_PATTERN, { message: SKU_MESSAGE })
  @MaxLength(CATALOG_LIMITS.skuMaxLength)
  sku!: string;

  /** Which member of the `change` oneof is set (proto-loader's `oneofs: true`). */
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

export class ListAdjustmentsDto implements inventoryV1.ListAdjustmentsRequest {
  @Matches(SKU_PATTERN, { message: SKU_MESSAGE })
  @MaxLength(CATALOG_LIMITS.skuMaxLength)
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

export class ReservationLineDto implements inventoryV1.ReservationLine {
  @Matches(SKU_PATTERN, { message: SKU_MESSAGE })
  @MaxLength(CATALOG_LIMITS.skuMaxLength)
  sku!: string;

  @IsInt()
  @Min(1)
  @Max(INVENTORY_LIMITS.quantityMax)
  quantity!: number;
}

export class ReserveDto implements inventoryV1.ReserveRequest {
  @IsUUID()
  reservationId!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(64)
  orderId!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(INVENTORY_LIMITS.linesMax)
  @ValidateNested({ each: true })
  @Type(() => ReservationLineDto)
  lines!: ReservationLineDto[];
}

export class ReservationIdDto implements inventoryV1.ReservationRequest {
  @IsUUID()
  reservationId!: string;
}
