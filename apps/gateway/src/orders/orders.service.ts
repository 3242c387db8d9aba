import { Injectable } from '@nestjs/common';
import { CheckoutRequest, GetOrderRequest, ORDERS_PATTERNS, OrderView } from '@bazaar/contracts';
import { InjectRpcClient, RpcClient } from '@bazaar/platform';

/** The signed-in shopper's orders, kept by orders (which reads the owner from the forwarded caller). */
@Injectable()
export class OrdersService {
  constructor(@InjectRpcClient('orders') private readonly orders: RpcClient) {}

  checkout(request: CheckoutRequest): Promise<OrderView> {
    return this.orders.send<OrderView, CheckoutRequest>(ORDERS_PATTERNS.checkout, request);
  }

  get(orderId: string): Promise<OrderView> {
    return this.orders.send<OrderView, GetOrderRequest>(ORDERS_PATTERNS.get, { orderId });
  }
}
