import { DomainError, validationError } from '@bazaar/platform';

export const idempotencyKeyReused = (idempotencyKey: string) =>
  new DomainError(
    'IDEMPOTENCY_KEY_REUSED',
    'This idempotency key was used for another order request; use a new key for a new order.',
    { idempotencyKey },
  );

export const nothingToOrder = () =>
  new DomainError('CART_EMPTY', 'There is nothing to order: the cart is empty and no lines were given.');

export const duplicateProduct = (productId: string) =>
  validationError([{ field: 'lines', messages: [`product ${productId} is on more than one line`] }]);

export const currencyMismatch = (currencies: string[]) =>
  new DomainError(
    'ORDER_CURRENCY_MISMATCH',
    `An order is paid in one currency; these products are priced in ${currencies.join(', ')}.`,
    { currencies },
  );

export const orderNotFound = (orderId: string) =>
  new DomainError('ORDER_NOT_FOUND', `No order ${orderId}.`, { orderId });

export const orderState = (orderId: string, status: string) =>
  new DomainError(
    'ORDER_STATE',
    status === 'PAYMENT_AUTHORIZED'
      ? 'The order is being confirmed: its payment may be captured already. Cancel it once it is CONFIRMED to be refunded.'
      : `An order that is ${status} cannot be cancelled.`,
    { orderId, status },
  );

export const invalidCursor = () =>
  validationError([{ field: 'cursor', messages: ['cursor is not a value returned as nextCursor'] }]);

export const adminOnly = () =>
  new DomainError('FORBIDDEN', "Every shopper's orders are for administrators only.");

export const signInRequired = () => new DomainError('UNAUTHENTICATED', 'Sign in to place or see orders.');
