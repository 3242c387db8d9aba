import { IsInt, IsUUID, Max, Min } from 'class-validator';
import { CART_LIMITS, PutCartItemRequest } from '@bazaar/contracts';

export class PutCartItemDto implements PutCartItemRequest {
  @IsUUID()
  productId!: string;

  @IsInt()
  @Min(0)
  @Max(CART_LIMITS.quantityMax)
  quantity!: number;
}
