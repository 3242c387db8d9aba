import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { AdminOrderPage, Caller, ORDERS_PATTERNS, OrderPage, OrderView } from '@bazaar/contracts';
import { RpcCaller, RpcData } from '@bazaar/platform';
import { AdminListOrdersDto, CancelOrderDto, CheckoutDto, GetOrderDto, ListOrdersDto } from './checkout.dto';
import { CheckoutService } from './checkout.service';
import { OrderCancelService } from './order-cancel.service';
import { OrderListService } from './order-list.service';

/** Checkout and the caller's orders, over RPC: each handler acts for the forwarded caller only. */
@Controller()
export class CheckoutController {
  constructor(
    private readonly checkout: CheckoutService,
    private readonly lists: OrderListService,
    private readonly cancels: OrderCancelService,
  ) {}

  @MessagePattern(ORDERS_PATTERNS.checkout)
  place(@RpcCaller() caller: Caller | undefined, @RpcData() request: CheckoutDto): Promise<OrderView> {
    return this.checkout.checkout(caller, request);
  }

  @MessagePattern(ORDERS_PATTERNS.get)
  get(@RpcCaller() caller: Caller | undefined, @RpcData() { orderId }: GetOrderDto): Promise<OrderView> {
    return this.checkout.get(caller, orderId);
  }

  @MessagePattern(ORDERS_PATTERNS.list)
  list(@RpcCaller() caller: Caller | undefined, @RpcData() request: ListOrdersDto): Promise<OrderPage> {
    return this.lists.mine(caller, request);
  }

  @MessagePattern(ORDERS_PATTERNS.cancel)
  cancel(
    @RpcCaller() caller: Caller | undefined,
    @RpcData() { orderId }: CancelOrderDto,
  ): Promise<OrderView> {
    return this.cancels.cancel(caller, orderId);
  }

  @MessagePattern(ORDERS_PATTERNS.adminList)
  adminList(
    @RpcCaller() caller: Caller | undefined,
    @RpcData() request: AdminListOrdersDto,
  ): Promise<AdminOrderPage> {
    return this.lists.all(caller, request);
  }
}
