import { Injectable } from '@nestjs/common';
import {
  AdminListOrdersRequest,
  AdminOrderPage,
  CancelOrderRequest,
  CheckoutRequest,
  GetOrderRequest,
  ListOrdersRequest,
  OrderPage,
  ORDERS_PATTERNS,
  OrderView,
} from '@bazaar/contracts';
import { InjectRpcClient, RpcClient } from '@bazaar/platform';

/**
 * The signed-in shopper's orders, kept by orders (which reads the owner from the forwarded caller), and every
 * order for administrators (orders checks the admin role again).
 */
@Injectable()
export class OrdersService {
  constructor(@InjectRpcClient('orders') private readonly orders: RpcClient) {}

  checkout(request: CheckoutRequest): Promise<OrderView> {
    return this.orders.send<OrderView, CheckoutRequest>(ORDERS_PATTERNS.checkout, request);
  }

  get(orderId: string): Promise<OrderView> {
    return this.orders.send<OrderView, GetOrderRequest>(ORDERS_PATTERNS.get, { orderId });
  }

  list(request: ListOrdersRequest): Promise<OrderPage> {
    return this.orders.send<OrderPage, ListOrdersRequest>(ORDERS_PATTERNS.list, request);
  }

  cancel(orderId: string): Promise<OrderView> {
    return this.orders.send<OrderView, CancelOrderRequest>(ORDERS_PATTERNS.cancel, { orderId });
  }

  listAll(request: AdminListOrdersRequest): Promise<AdminOrderPage> {
    return this.orders.send<AdminOrderPage, AdminListOrdersRequest>(ORDERS_PATTERNS.adminList, request);
  }
}
