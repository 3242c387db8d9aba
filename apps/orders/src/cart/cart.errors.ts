import { CART_LIMITS } from '@bazaar/contracts';
import { DomainError } from '@bazaar/platform';

export const signInRequired = () => new DomainError('UNAUTHENTICATED', 'Sign in to use your cart.');

export const cartFull = (productId: string) =>
  new DomainError(
    'CART_FULL',
    `A cart holds at most ${CART_LIMITS.linesMax} different products; remove one before adding another.`,
    { productId, linesMax: CART_LIMITS.linesMax },
  );

export const currencyMismatch = (productId: string, productCurrency: string, cartCurrency: string) =>
  new DomainError(
    'CART_CURRENCY_MISMATCH',
    `The product is priced in ${productCurrency}, the cart in ${cartCurrency}: one order has one currency.`,
    { productId, productCurrency, cartCurrency },
  );
