import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { Caller, CART_PATTERNS, CartView } from '@bazaar/contracts';
import { RpcCaller, RpcData } from '@bazaar/platform';
import { PutCartItemDto } from './cart.dto';
import { CartService } from './cart.service';

/** The cart's RPC surface: each handler acts on the forwarded caller's own cart. */
@Controller()
export class CartController {
  constructor(private readonly cart: CartService) {}

  @MessagePattern(CART_PATTERNS.get)
  get(@RpcCaller() caller: Caller | undefined): Promise<CartView> {
    return this.cart.get(caller);
  }

  @MessagePattern(CART_PATTERNS.putItem)
  putItem(@RpcCaller() caller: Caller | undefined, @RpcData() request: PutCartItemDto): Promise<CartView> {
    return this.cart.putItem(caller, request);
  }

  @MessagePattern(CART_PATTERNS.clear)
  async clear(@RpcCaller() caller: Caller | undefined): Promise<Record<string, never>> {
    await this.cart.clear(caller);
    return {};
  }
}
