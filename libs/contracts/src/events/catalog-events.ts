import { IsInt, IsString, IsUUID, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { CATALOG_LIMITS } from '../catalog';
import { defineEvent } from './event-type';

/** The product as it is after the change: consumers keep their own copy of what they need. */
export class ProductStateV1 {
  @IsUUID()
  productId!: string;

  @IsString()
  @Length(1, CATALOG_LIMITS.skuMaxLength)
  sku!: string;

  @IsString()
  @Length(1, CATALOG_LIMITS.nameMaxLength)
  name!: string;

  @IsInt()
  @Min(0)
  @Max(CATALOG_LIMITS.priceMinorMax)
  priceMinor!: number;

  @Matches(/^[A-Z]{3}$/)
  currency!: string;

  @IsString()
  @MaxLength(100)
  category!: string;
}

export class ProductCreatedV1 extends ProductStateV1 {}
export class ProductUpdatedV1 extends ProductStateV1 {}

export class ProductDeletedV1 {
  @IsUUID()
  productId!: string;

  @IsString()
  @Length(1, CATALOG_LIMITS.skuMaxLength)
  sku!: string;
}

export const CATALOG_EVENTS = {
  productCreated: defineEvent('catalog.product.created.v1', ProductCreatedV1),
  productUpdated: defineEvent('catalog.product.updated.v1', ProductUpdatedV1),
  productDeleted: defineEvent('catalog.product.deleted.v1', ProductDeletedV1),
} as const;
