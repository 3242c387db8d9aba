import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { BreakersReply, Caller, PAYMENTS_PATTERNS, PaymentPage, PaymentView } from '@bazaar/contracts';
import { RpcCaller, RpcData } from '@bazaar/platform';
import { BreakerRegistry } from '@bazaar/resilience';
import {
  AuthorizeDto,
  CaptureDto,
  ListPaymentsDto,
  PaymentIdDto,
  RefundDto,
  VoidAuthorizationDto,
  VoidDto,
} from './payments.dto';
import { assertNoShopper } from './payments.errors';
import { PaymentsService } from './payments.service';

/** The payments service's RPC surface, the same handlers on Nest TCP and on RabbitMQ: one line per handler. */
@Controller()
export class PaymentsController {
  constructor(
    private readonly payments: PaymentsService,
    private readonly breakers: BreakerRegistry,
  ) {}

  @MessagePattern(PAYMENTS_PATTERNS.authorize)
  authorize(@RpcData() request: AuthorizeDto): Promise<PaymentView> {
    return this.payments.authorize(request);
  }

  @MessagePattern(PAYMENTS_PATTERNS.capture)
  capture(@RpcData() request: CaptureDto): Promise<PaymentView> {
    return this.payments.capture(request);
  }

  @MessagePattern(PAYMENTS_PATTERNS.void)
  void(@RpcData() request: VoidDto): Promise<PaymentView> {
    return this.payments.void(request);
  }

  @MessagePattern(PAYMENTS_PATTERNS.voidAuthorization)
  voidAuthorization(@RpcData() request: VoidAuthorizationDto): Promise<PaymentView> {
    return this.payments.voidAuthorization(request);
  }

  @MessagePattern(PAYMENTS_PATTERNS.refund)
  refund(@RpcData() request: RefundDto): Promise<PaymentView> {
    return this.payments.refund(request);
  }

  @MessagePattern(PAYMENTS_PATTERNS.get)
  get(@RpcCaller() caller: Caller | undefined, @RpcData() { paymentId }: PaymentIdDto): Promise<PaymentView> {
    assertNoShopper(caller);
    return this.payments.get(paymentId);
  }

  @MessagePattern(PAYMENTS_PATTERNS.list)
  list(@RpcCaller() caller: Caller | undefined, @RpcData() query: ListPaymentsDto): Promise<PaymentPage> {
    assertNoShopper(caller);
    return this.payments.list(query);
  }

  @MessagePattern(PAYMENTS_PATTERNS.breakers)
  listBreakers(@RpcCaller() caller: Caller | undefined): BreakersReply {
    assertNoShopper(caller);
    return { breakers: this.breakers.snapshots() };
  }
}
