import { Injectable } from '@nestjs/common';
import {
  BreakersReply,
  GetPaymentRequest,
  ListPaymentsRequest,
  PaymentPage,
  PAYMENTS_PATTERNS,
  PaymentView,
} from '@bazaar/contracts';
import { InjectRpcClient, RpcClient } from '@bazaar/platform';

/** Payments as administrators see them, from the payments service (which checks the admin role again). */
@Injectable()
export class PaymentsService {
  constructor(@InjectRpcClient('payments') private readonly payments: RpcClient) {}

  list(request: ListPaymentsRequest): Promise<PaymentPage> {
    return this.payments.send<PaymentPage, ListPaymentsRequest>(PAYMENTS_PATTERNS.list, request);
  }

  get(paymentId: string): Promise<PaymentView> {
    return this.payments.send<PaymentView, GetPaymentRequest>(PAYMENTS_PATTERNS.get, { paymentId });
  }

  breakers(): Promise<BreakersReply> {
    return this.payments.send<BreakersReply>(PAYMENTS_PATTERNS.breakers, {});
  }
}
