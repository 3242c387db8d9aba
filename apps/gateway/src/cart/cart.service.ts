import { Injectable } from '@nestjs/common';
import {
  CART_PATTERNS,
  CartView,
  ClearCartRequest,
  GetCartRequest,
  PutCartItemRequest,
} from '@bazaar/contracts';
import { InjectRpcClient, RpcClient } from '@bazaar/platform';

/** The signed-in shopper's cart, kept by orders (which reads the owner from the forwarded caller). */
@Injectable()
export class CartService {
  constructor(@InjectRpcClient('orders') private readonly orders: RpcClient) {}

  get(): Promise<CartView> {
    return this.orders.send<CartView, GetCartRequest>(CART_PATTERNS.get, {});
  }

  putItem(request: PutCartItemRequest): Promise<CartView> {
    return this.orders.send<CartView, PutCartItemRequest>(CART_PATTERNS.putItem, request);
  }

  async clear(): Promise<void> {
    await this.orders.send<unknown, ClearCartRequest>(CART_PATTERNS.clear, {});
  }
}
