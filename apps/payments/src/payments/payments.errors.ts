import { Caller, PaymentStatus } from '@bazaar/contracts';
import { DomainError } from '@bazaar/platform';

export const paymentNotFound = (paymentId: string) =>
  new DomainError('PAYMENT_NOT_FOUND', `No payment with id ${paymentId}.`, { paymentId });

export const paymentState = (paymentId: string, status: PaymentStatus, operation: string) =>
  new DomainError('PAYMENT_STATE', `A ${status.toLowerCase()} payment cannot be asked to ${operation}.`, {
    paymentId,
    status,
    operation,
  });

export const amountExceeded = (field: string, amount: number, limit: number, what: string) =>
  new DomainError('PAYMENT_AMOUNT_EXCEEDED', `${field} ${amount} is above ${what} (${limit}).`, {
    field,
    amount,
    limit,
  });

export const keyReused = (key: string) =>
  new DomainError(
    'IDEMPOTENCY_KEY_REUSED',
    'This idempotency key was used for another request; use a new key for a new request.',
    { idempotencyKey: key },
  );

export const providerUnavailable = (reason: string, breakerOpen: boolean) =>
  new DomainError(
    'PAYMENT_PROVIDER_UNAVAILABLE',
    breakerOpen
      ? 'The payment provider is failing; calls are paused for a moment. Retry with the same idempotency key.'
      : 'The payment provider did not answer in time. Retry with the same idempotency key: it never charges twice.',
    { reason, breakerOpen },
  );

/** The provider refused a request it should not have been sent: the payment changed in between. */
export const providerRefused = (
  paymentId: string,
  status: number,
  code: string | undefined,
  detail: string,
) =>
  new DomainError('PAYMENT_STATE', `The payment provider refused the request: ${detail}`, {
    paymentId,
    providerStatus: status,
    providerCode: code,
  });

/** Another instance is performing the same operation right now; the caller's retry gets its outcome. */
export const operationInProgress = (key: string) =>
  new DomainError(
    'IDEMPOTENCY_KEY_IN_USE',
    'A request with this idempotency key is in progress; retry shortly with the same key for its outcome.',
    { idempotencyKey: key },
  );

/**
 * Payments are read by services (orders, with no end user) and by administrators through the gateway. The gateway
 * checks the role; this is the second line: a forwarded end user who is not an admin is refused.
 */
export function assertNoShopper(caller: Caller | undefined): void {
  if (caller && !caller.roles.includes('admin')) {
    throw new DomainError('FORBIDDEN', 'Payments are visible to administrators only.');
  }
}
