import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { OrderPage, ORDERS_LIMITS, OrderView } from '@bazaar/contracts';
import { SignedIn } from '../auth/signed-in.decorator';
import { Idempotent, IdempotencyKey } from '../idempotency/idempotent.decorator';
import { ApiProblems } from '../openapi/problem.dto';
import { CheckoutBody, ListOrdersQuery, OrderDto, OrderPageDto, OrderParams } from './orders.dto';
import { OrdersService } from './orders.service';

const PRIVATE = 'private, no-store';

@ApiTags('orders')
@Controller('api/v1/orders')
@SignedIn()
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Post()
  @Idempotent({ required: true })
  @HttpCode(202)
  @Header('cache-control', PRIVATE)
  @ApiOperation({
    summary: 'Check out',
    description:
      'Places an order from `lines`, or from my cart when they are left out, priced by the catalog now (one ' +
      `currency, 1 to ${ORDERS_LIMITS.linesMax} lines of 1 to ${ORDERS_LIMITS.quantityMax} units), and answers ` +
      'it `PENDING` with its `Location`; its saga (reserve stock, authorize, capture and commit) runs after the ' +
      'answer: poll the order until it is CONFIRMED, REJECTED (out of stock) or CANCELLED (payment declined or ' +
      'unavailable). The same Idempotency-Key with the same body replays the first answer; with another body it ' +
      'is IDEMPOTENCY_KEY_REUSED (422), while the first still runs IDEMPOTENCY_KEY_IN_USE (409). Nothing to ' +
      'order is CART_EMPTY (409), an unknown product PRODUCT_NOT_FOUND (404), products in two currencies ' +
      'ORDER_CURRENCY_MISMATCH (409).',
  })
  @ApiAcceptedResponse({ type: OrderDto, description: 'Placed; its saga runs next' })
  @ApiProblems(404, 409, 422)
  async checkout(
    // Checked by the Idempotency-Key interceptor before the handler runs; orders dedupes on it too.
    @IdempotencyKey() key: string,
    @Body() body: CheckoutBody,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OrderView> {
    const order = await this.orders.checkout({ ...body, idempotencyKey: key });
    void reply.header('location', `/api/v1/orders/${order.id}`);
    return order;
  }

  @Get()
  @Header('cache-control', PRIVATE)
  @ApiOperation({
    summary: 'My orders',
    description:
      'Newest first, cursor-paginated: each with its status, total, number of lines and times. ' +
      '`GET /api/v1/orders/{id}` has its lines and step timeline. A cursor not made by this list is ' +
      'VALIDATION_FAILED (400).',
  })
  @ApiOkResponse({ type: OrderPageDto })
  list(@Query() query: ListOrdersQuery): Promise<OrderPage> {
    return this.orders.list(query);
  }

  @Get(':id')
  @Header('cache-control', PRIVATE)
  @ApiOperation({
    summary: 'One of my orders',
    description:
      'Its status and the step timeline of its saga (each step, its time, outcome and reason). Each line ' +
      'charges the price at checkout (`unitPrice`); a line ordered from the cart also shows the price it had ' +
      'when put in the cart (`cartUnitPrice`), and `priceChanged` says the price changed in between. Another ' +
      "user's order is ORDER_NOT_FOUND (404).",
  })
  @ApiOkResponse({ type: OrderDto })
  @ApiProblems(404)
  get(@Param() { id }: OrderParams): Promise<OrderView> {
    return this.orders.get(id);
  }

  @Post(':id/cancel')
  @HttpCode(202)
  @Header('cache-control', PRIVATE)
  @ApiOperation({
    summary: 'Cancel one of my orders',
    description:
      'Before it is CONFIRMED its saga compensates: the order is answered CANCELLING, and the authorization ' +
      'is voided and the stock released after the answer (then CANCELLED). Once CONFIRMED, the captured amount ' +
      'is refunded: REFUNDING, then REFUNDED. Poll the order for the outcome; its timeline shows the ' +
      '`cancel` step ("cancelled by the shopper"). An order already CANCELLED, REJECTED, REFUNDING or ' +
      'REFUNDED, or PAYMENT_AUTHORIZED and being confirmed, is ORDER_STATE (409); another user’s order is ' +
      'ORDER_NOT_FOUND (404).',
  })
  @ApiAcceptedResponse({ type: OrderDto, description: 'Cancelling or refunding; the work runs next' })
  @ApiProblems(404, 409)
  cancel(@Param() { id }: OrderParams): Promise<OrderView> {
    return this.orders.cancel(id);
  }
}
