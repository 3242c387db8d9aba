import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  AuthorizePaymentRequest,
  CapturePaymentRequest,
  ListPaymentsRequest,
  PAYMENTS_LIMITS,
  PaymentOperationKind,
  PaymentPage,
  PaymentView,
  RefundPaymentRequest,
  VoidAuthorizationRequest,
  VoidPaymentRequest,
} from '@bazaar/contracts';
import { APP_CONFIG, pageOf } from '@bazaar/platform';
import { PaymentsConfig } from '../payments.config';
import { PaymentProvider } from '../provider/payment-provider';
import { AttemptRecord, ProviderAnswer } from '../provider/provider-answers';
import {
  amountExceeded,
  keyReused,
  operationInProgress,
  paymentNotFound,
  paymentState,
  providerRefused,
  providerUnavailable,
} from './payments.errors';
import {
  OperationRecord,
  PaymentChange,
  PaymentRecord,
  paymentEvents,
  PaymentsRepository,
} from './payments.repository';
import { toPaymentView } from './payment-view';

/**
 * Payments' use cases. Every write is an operation under the caller's idempotency key: asked again, it answers
 * its first outcome; asked again while its outcome is unknown (the provider did not answer), it calls the provider
 * again with the same provider key, which the provider answers once. Domain rules are checked before anything is
 * written or sent.
 */
@Injectable()
export class PaymentsService {
  /** Operations running in this instance, by idempotency key: a duplicate waits for the first's outcome. */
  private readonly running = new Map<string, Promise<PaymentView>>();

  constructor(
    private readonly payments: PaymentsRepository,
    private readonly provider: PaymentProvider,
    @Inject(APP_CONFIG) private readonly config: PaymentsConfig,
  ) {}

  authorize(request: AuthorizePaymentRequest): Promise<PaymentView> {
    return this.once(request.idempotencyKey, () => this.authorizeOnce(request));
  }

  private async authorizeOnce(request: AuthorizePaymentRequest): Promise<PaymentView> {
    const { idempotencyKey: key, orderId, amount, currency, cardToken } = request;
    const hash = requestHash('authorize', { orderId, amount, currency, cardToken });
    let operation = await this.payments.findOperation(key);
    if (!operation) {
      if (amount > this.config.PAYMENTS_MAX_AMOUNT) {
        throw amountExceeded(
          'amount',
          amount,
          this.config.PAYMENTS_MAX_AMOUNT,
          'the largest payment accepted',
        );
      }
      this.refuseWhileOpen();
      const created = await this.payments.createAuthorization(key, hash, {
        orderId,
        amount,
        currency,
        cardToken,
      });
      if (created) return toPaymentView(await this.settleAuthorization(created.payment, created.operation));
      // Another request claimed the key between the read and the claim: answer as a repeat of it.
      operation = (await this.payments.findOperation(key))!;
    }
    // Voided before it arrived (a compensation released it first): answered as it is, never sent.
    if (operation.requestHash === VOIDED_BEFORE_AUTHORIZATION)
      return toPaymentView(await this.find(operation.paymentId));
    assertSameRequest(operation, 'authorize', hash);
    const payment = await this.find(operation.paymentId);
    if (operation.state === 'done') return toPaymentView(payment);
    return toPaymentView(await this.settleAuthorization(payment, operation));
  }

  /**
   * Releases what the authorization under `authorizeKey` holds: voids its payment when it exists, or, when it has
   * not arrived yet, claims its key for a VOIDED payment so that it never reaches the provider when it does.
   */
  voidAuthorization(request: VoidAuthorizationRequest): Promise<PaymentView> {
    return this.once(`void-authorization:${request.authorizeKey}`, () => this.voidAuthorizationOnce(request));
  }

  private async voidAuthorizationOnce(request: VoidAuthorizationRequest): Promise<PaymentView> {
    const { authorizeKey, idempotencyKey, orderId, amount, currency } = request;
    let operation = await this.payments.findOperation(authorizeKey);
    if (!operation) {
      const voided = await this.payments.createVoidedAuthorization(
        authorizeKey,
        VOIDED_BEFORE_AUTHORIZATION,
        {
          orderId,
          amount,
          currency,
        },
      );
      if (voided) return toPaymentView(voided);
      // The authorization claimed its key first: void it as it is.
      operation = (await this.payments.findOperation(authorizeKey))!;
    }
    if (operation.kind !== 'authorize') throw keyReused(authorizeKey);
    // Voided before it arrived, by this or an earlier call: nothing more to release.
    if (operation.requestHash === VOIDED_BEFORE_AUTHORIZATION)
      return toPaymentView(await this.find(operation.paymentId));
    return this.void({ paymentId: operation.paymentId, idempotencyKey });
  }

  capture(request: CapturePaymentRequest): Promise<PaymentView> {
    return this.once(request.idempotencyKey, () => this.captureOnce(request));
  }

  private async captureOnce(request: CapturePaymentRequest): Promise<PaymentView> {
    const { idempotencyKey: key, paymentId, amount } = request;
    const { payment, operation } = await this.begin('capture', key, { paymentId, amount }, (current) => {
      if (current.status !== 'AUTHORIZED') throw paymentState(current.id, current.status, 'capture');
      if (amount !== undefined && amount > current.amount) {
        throw amountExceeded('amount', amount, current.amount, 'the authorized amount');
      }
      return amount ?? current.amount;
    });
    if (operation.state === 'done') return toPaymentView(payment);
    const attempts: AttemptRecord[] = [];
    const answer = await this.provider.capture(
      this.referenceOf(payment),
      amount === undefined ? {} : { amount },
      providerKey(operation),
      attempts,
    );
    return this.apply(operation, payment, attempts, answer, (captured) => ({
      from: ['AUTHORIZED'],
      status: 'CAPTURED',
      capturedAmount: captured.capturedAmount,
      event: paymentEvents.captured,
    }));
  }

  /**
   * Releases the hold. Idempotent for compensation: a payment that holds nothing (declined, voided) answers as
   * it is; one whose authorization outcome is unknown is settled first (the provider replays it), then voided.
   */
  void(request: VoidPaymentRequest): Promise<PaymentView> {
    return this.once(request.idempotencyKey, () => this.voidOnce(request));
  }

  private async voidOnce(request: VoidPaymentRequest): Promise<PaymentView> {
    const { idempotencyKey: key, paymentId } = request;
    const { payment, operation } = await this.begin('void', key, { paymentId }, (current) => {
      if (current.status === 'CAPTURED' || current.status === 'REFUNDED') {
        throw paymentState(current.id, current.status, 'void (refund it instead)');
      }
      return null;
    });
    if (operation.state === 'done') return toPaymentView(payment);
    let current = payment;
    if (current.status === 'PENDING') {
      const authorization = await this.payments.findOperation(await this.authorizeKeyOf(current));
      current = await this.settleAuthorization(current, authorization!);
    }
    if (current.status === 'DECLINED' || current.status === 'VOIDED') {
      return toPaymentView(await this.payments.complete(operation, current, [], { from: [current.status] }));
    }
    if (current.status !== 'AUTHORIZED') throw paymentState(current.id, current.status, 'void');
    const attempts: AttemptRecord[] = [];
    const answer = await this.provider.void(this.referenceOf(current), providerKey(operation), attempts);
    return this.apply(operation, current, attempts, answer, () => ({
      from: ['AUTHORIZED'],
      status: 'VOIDED',
      event: paymentEvents.voided,
    }));
  }

  refund(request: RefundPaymentRequest): Promise<PaymentView> {
    return this.once(request.idempotencyKey, () => this.refundOnce(request));
  }

  private async refundOnce(request: RefundPaymentRequest): Promise<PaymentView> {
    const { idempotencyKey: key, paymentId, amount } = request;
    const { payment, operation } = await this.begin('refund', key, { paymentId, amount }, (current) => {
      if (current.status !== 'CAPTURED') throw paymentState(current.id, current.status, 'refund');
      const left = current.capturedAmount - current.refundedAmount;
      if (amount > left) throw amountExceeded('amount', amount, left, 'what is left to refund');
      return amount;
    });
    if (operation.state === 'done') return toPaymentView(payment);
    const attempts: AttemptRecord[] = [];
    const answer = await this.provider.refund(
      { authorizationId: this.referenceOf(payment), amount },
      providerKey(operation),
      attempts,
    );
    return this.apply(operation, payment, attempts, answer, () => ({
      from: ['CAPTURED'],
      refund: amount,
      event: paymentEvents.refunded(amount),
    }));
  }

  async get(paymentId: string): Promise<PaymentView> {
    return toPaymentView(await this.find(paymentId));
  }

  async list(request: ListPaymentsRequest): Promise<PaymentPage> {
    const limit = request.limit ?? PAYMENTS_LIMITS.pageSizeDefault;
    const rows = await this.payments.list({
      orderId: request.orderId,
      status: request.status,
      afterId: request.cursor,
      take: limit + 1,
    });
    return pageOf(rows, limit, toPaymentView);
  }

  /**
   * Runs `work` unless an operation under the same key is running in this instance; then answers its outcome. A
   * duplicate in another instance is told by the provider (the key in use) and answers IDEMPOTENCY_KEY_IN_USE.
   */
  private once(key: string, work: () => Promise<PaymentView>): Promise<PaymentView> {
    const running = this.running.get(key);
    if (running) return running;
    const started = work().finally(() => this.running.delete(key));
    this.running.set(key, started);
    return started;
  }

  /** Asks the provider for the authorization (again, with the same key, if it was asked before) and applies it. */
  private async settleAuthorization(
    payment: PaymentRecord,
    operation: OperationRecord,
  ): Promise<PaymentRecord> {
    const attempts: AttemptRecord[] = [];
    const answer = await this.provider.authorize(
      {
        amount: payment.amount,
        currency: payment.currency,
        cardToken: payment.cardToken,
        reference: payment.orderId,
      },
      providerKey(operation),
      attempts,
    );
    if (answer.kind === 'declined') {
      return this.payments.complete(operation, payment, attempts, {
        from: ['PENDING'],
        status: 'DECLINED',
        declineCode: answer.code,
        event: paymentEvents.failed(answer.code, answer.detail),
      });
    }
    return this.applied(operation, payment, attempts, answer, (authorization) => ({
      from: ['PENDING'],
      status: 'AUTHORIZED',
      providerReference: authorization.id,
      event: paymentEvents.authorized,
    }));
  }

  /** An operation's first step: the replay check, then (for a new key) the domain rules and the claim. */
  private async begin(
    kind: PaymentOperationKind,
    key: string,
    request: { paymentId: string; amount?: number },
    check: (payment: PaymentRecord) => number | null,
  ): Promise<{ payment: PaymentRecord; operation: OperationRecord }> {
    const hash = requestHash(kind, request);
    let operation = await this.payments.findOperation(key);
    if (!operation) {
      const amount = check(await this.find(request.paymentId));
      this.refuseWhileOpen();
      operation =
        (await this.payments.createOperation(key, kind, hash, request.paymentId, amount)) ??
        // Another request claimed the key between the read and the claim: answer as a repeat of it.
        (await this.payments.findOperation(key))!;
    }
    assertSameRequest(operation, kind, hash);
    return { payment: await this.find(operation.paymentId), operation };
  }

  /** Applies a provider answer to the payment, as its view. */
  private async apply<TBody>(
    operation: OperationRecord,
    before: PaymentRecord,
    attempts: AttemptRecord[],
    answer: ProviderAnswer<TBody>,
    change: (body: TBody) => PaymentChange,
  ): Promise<PaymentView> {
    return toPaymentView(await this.applied(operation, before, attempts, answer, change));
  }

  /** Applies a provider answer to the payment, or keeps the attempts and says why nothing changed. */
  private async applied<TBody>(
    operation: OperationRecord,
    before: PaymentRecord,
    attempts: AttemptRecord[],
    answer: ProviderAnswer<TBody>,
    change: (body: TBody) => PaymentChange,
  ): Promise<PaymentRecord> {
    if (answer.kind === 'ok') return this.payments.complete(operation, before, attempts, change(answer.body));
    await this.payments.recordAttempts(operation, attempts);
    if (answer.kind === 'unavailable') throw providerUnavailable(answer.reason, answer.breakerOpen);
    if (answer.kind === 'refused' && answer.problem.code === 'IDEMPOTENCY_KEY_IN_USE') {
      throw operationInProgress(operation.key);
    }
    if (answer.kind === 'refused') {
      throw providerRefused(
        operation.paymentId,
        answer.status,
        answer.problem.code,
        answer.problem.detail ?? '',
      );
    }
    // Only authorizations are declined; settleAuthorization answers them before getting here.
    throw providerRefused(operation.paymentId, 402, answer.code, answer.detail);
  }

  /** The fallback while the breaker is open: a new operation is answered at once, with nothing written. */
  private refuseWhileOpen(): void {
    if (this.provider.refusesNow()) {
      throw providerUnavailable('circuit breaker open: the provider was not called', true);
    }
  }

  private async find(paymentId: string): Promise<PaymentRecord> {
    const payment = await this.payments.findPayment(paymentId);
    if (!payment) throw paymentNotFound(paymentId);
    return payment;
  }

  private async authorizeKeyOf(payment: PaymentRecord): Promise<string> {
    const key = await this.payments.authorizeKeyOf(payment.id);
    if (!key) throw paymentState(payment.id, payment.status, 'void');
    return key;
  }

  private referenceOf(payment: PaymentRecord): string {
    if (!payment.providerReference) throw paymentState(payment.id, payment.status, 'continue');
    return payment.providerReference;
  }
}

/** A digest of what was asked: the same key with another request is refused, not replayed. */
function requestHash(kind: PaymentOperationKind, request: object): string {
  return createHash('sha256')
    .update(JSON.stringify([kind, request]))
    .digest('hex');
}

/** The request hash of an authorize key claimed by a void: no request hashes to it. */
const VOIDED_BEFORE_AUTHORIZATION = createHash('sha256')
  .update('voided before the authorization arrived')
  .digest('hex');

function assertSameRequest(operation: OperationRecord, kind: PaymentOperationKind, hash: string): void {
  if (operation.kind !== kind || operation.requestHash !== hash) throw keyReused(operation.key);
}

/**
 * The provider's idempotency key of an operation: derived from what is stored, so every retry, restart or
 * duplicated RPC of the same operation sends the same key and the provider performs it once.
 */
function providerKey(operation: OperationRecord): string {
  const digest = createHash('sha256').update(operation.key).digest('base64url').slice(0, 22);
  return `${operation.paymentId}:${operation.kind}:${digest}`;
}
