import { PaymentView } from '@bazaar/contracts';
import { PaymentRecord } from './payments.repository';

/** A payment as callers see it: the card token stays inside this service. */
export function toPaymentView(payment: PaymentRecord): PaymentView {
  return {
    id: payment.id,
    orderId: payment.orderId,
    status: payment.status,
    amount: payment.amount,
    currency: payment.currency,
    capturedAmount: payment.capturedAmount,
    refundedAmount: payment.refundedAmount,
    declineCode: payment.declineCode,
    cardLast4: payment.cardToken.slice(-4),
    providerReference: payment.providerReference,
    createdAt: payment.createdAt.toISOString(),
    updatedAt: payment.updatedAt.toISOString(),
    attempts: payment.attempts.map((attempt) => ({ ...attempt, at: attempt.at.toISOString() })),
  };
}
