import { Injectable } from '@nestjs/common';
import {
  AuthorizePaymentRequest,
  CapturePaymentRequest,
  ListPaymentsRequest,
  PAYMENTS_PATTERNS,
  PaymentPage,
  PaymentView,
  RefundPaymentRequest,
  VoidAuthorizationRequest,
} from '@bazaar/contracts';
import { InjectRpcClient, RpcClient } from '@bazaar/platform';
import { OrdersConfig } from '../orders.config';
import { OrderRecord } from './order-records';
import { SAGA_STEPS, stepKey } from './saga-steps';

/**
 * The saga's calls to payments (broker RPC), each under its step key, so a call repeated after a crash or a
 * timeout has the effect of the first. Waits longer than the default RPC timeout: payments answers a slow provider
 * itself, within its own total timeout.
 */
@Injectable()
export class SagaPayments {
  constructor(
    @InjectRpcClient('payments') private readonly payments: RpcClient,
    private readonly config: OrdersConfig,
  ) {}

  authorize(order: OrderRecord): Promise<PaymentView> {
    return this.send<PaymentView, AuthorizePaymentRequest>(PAYMENTS_PATTERNS.authorize, {
      orderId: order.id,
      amount: order.total,
      currency: order.currency,
      cardToken: order.cardToken,
      idempotencyKey: stepKey(order.id, SAGA_STEPS.authorizePayment),
    });
  }

  capture(orderId: string, paymentId: string): Promise<PaymentView> {
    return this.send<PaymentView, CapturePaymentRequest>(PAYMENTS_PATTERNS.capture, {
      paymentId,
      idempotencyKey: stepKey(orderId, SAGA_STEPS.capturePayment),
    });
  }

  /**
   * Releases the order's authorization by its key, whether payments has it or not yet: an authorization still on
   * its way (its call timed out, or sits in a queue) is refused when it arrives, so no hold is ever left behind.
   */
  voidAuthorization(order: OrderRecord): Promise<PaymentView> {
    return this.send<PaymentView, VoidAuthorizationRequest>(PAYMENTS_PATTERNS.voidAuthorization, {
      authorizeKey: stepKey(order.id, SAGA_STEPS.authorizePayment),
      orderId: order.id,
      amount: order.total,
      currency: order.currency,
      idempotencyKey: stepKey(order.id, SAGA_STEPS.voidPayment),
    });
  }

  /** Gives `amount` of a captured payment back, under the order's one refund key: a repeat refunds once. */
  refund(orderId: string, paymentId: string, amount: number): Promise<PaymentView> {
    return this.send<PaymentView, RefundPaymentRequest>(PAYMENTS_PATTERNS.refund, {
      paymentId,
      amount,
      idempotencyKey: stepKey(orderId, SAGA_STEPS.refund),
    });
  }

  /**
   * The order's payments as payments has them: found by order rather than remembered, so that an authorization
   * whose answer never reached the saga (a timeout, a crash) is still found, captured or voided.
   */
  async ofOrder(orderId: string): Promise<PaymentView[]> {
    const page = await this.send<PaymentPage, ListPaymentsRequest>(PAYMENTS_PATTERNS.list, { orderId });
    return page.items;
  }

  private send<TResult, TData>(pattern: string, data: TData): Promise<TResult> {
    return this.payments.send<TResult, TData>(pattern, data, {
      timeoutMs: this.config.ORDERS_PAYMENTS_TIMEOUT_MS,
    });
  }
}
