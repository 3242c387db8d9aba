import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { Caller, ORDERS_PATTERNS, OrderView } from '@bazaar/contracts';
import { RpcCaller, RpcData } from '@bazaar/platform';
import { CheckoutDto, GetOrderDto } from './checkout.dto';
import { CheckoutService } from './checkout.service';

/** Checkout and the caller's orders, over RPC: each handler acts for the forwarded caller only. */
@Controller()
export class CheckoutController {
  constructor(private readonly checkout: CheckoutService) {}

  @MessagePattern(ORDERS_PATTERNS.checkout)
  place(@RpcCaller() caller: Caller | undefined, @RpcData() request: CheckoutDto): Promise<OrderView> {
    return this.checkout.checkout(caller, request);
  }

  @MessagePattern(ORDERS_PATTERNS.get)
  get(@RpcCaller() caller: Caller | undefined, @RpcData() { orderId }: GetOrderDto): Promise<OrderView> {
    return this.checkout.get(caller, orderId);
  }
}
