import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { CATALOG_LIMITS, INVENTORY_LIMITS, inventoryV1, SKU_PATTERN } from '@bazaar/contracts';
import { PageQuery } from '@bazaar/platform';

export class SkuParam {
  @ApiProperty({ example: 'APP-001-1', pattern: SKU_PATTERN.source })
  @Matches(SKU_PATTERN, { message: 'sku must be upper-case letters, digits and dashes' })
  @MaxLength(CATALOG_LIMITS.skuMaxLength)
  sku!: string;
}

export class AdjustStockBody {
  @ApiPropertyOptional({ description: 'The new on-hand count (give this or `add`)', minimum: 0, example: 40 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  setOnHand?: number;

  @ApiPropertyOptional({
    description: 'Units to add, negative to remove (give this or `setOnHand`)',
    example: -2,
  })
  @IsOptional()
  @IsInt()
  @Min(-1_000_000)
  @Max(1_000_000)
  add?: number;

  @ApiProperty({ example: 'Stock count 2026-11', maxLength: INVENTORY_LIMITS.reasonMaxLength })
  @IsString()
  @MinLength(1)
  @MaxLength(INVENTORY_LIMITS.reasonMaxLength)
  reason!: string;
}

export class AdjustmentsQuery extends PageQuery({
  cursor: 'uuid',
  maxLimit: INVENTORY_LIMITS.adjustmentsPageSizeMax,
  defaultLimit: INVENTORY_LIMITS.adjustmentsPageSizeDefault,
}) {}

export class StockLevelDto implements inventoryV1.StockLevel {
  @ApiProperty({ example: 'APP-001-1' })
  sku!: string;

  @ApiProperty({ example: 40 })
  onHand!: number;

  @ApiProperty({ example: 3, description: 'Held by open reservations' })
  reserved!: number;

  @ApiProperty({ example: 37 })
  available!: number;
}

class StockAdjustmentDto implements inventoryV1.StockAdjustment {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  sku!: string;

  @ApiProperty({ example: -2 })
  delta!: number;

  @ApiProperty({ example: 38 })
  onHandAfter!: number;

  @ApiProperty()
  reason!: string;

  @ApiProperty({ description: 'User id of the admin, or `system`' })
  actor!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class AdjustmentPageDto {
  @ApiProperty({ type: [StockAdjustmentDto] })
  items!: StockAdjustmentDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}
