import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { INVENTORY_LIMITS, inventoryV1 } from '@bazaar/contracts';
import { IsSku } from '../stock/stock.dto';

export class ReservationLineDto implements inventoryV1.ReservationLine {
  @IsSku()
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
