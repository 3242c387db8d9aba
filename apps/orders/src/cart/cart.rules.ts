import {
  Availability,
  CART_LIMITS,
  CartLineView,
  CartView,
  LOW_STOCK_THRESHOLD,
  Money,
  ProductView,
} from '@bazaar/contracts';
import { cartFull, currencyMismatch } from './cart.errors';

/** What the cart holds of one line when it decides on a change: the rest is read from catalog when shown. */
export interface StoredLine {
  productId: string;
  currency: string;
}

/** The one write a put of `quantity` units makes to the cart. */
export type CartChange =
  | { kind: 'remove'; productId: string }
  | { kind: 'set'; productId: string; quantity: number; currency: string; unitPrice: number };

/**
 * Decides a put against the cart as it is under its lock: 0 removes the line; otherwise the product must be in
 * the currency of the cart's other lines, and a new line must fit under the line limit. Throws the refusal.
 */
export function planPut(
  lines: readonly StoredLine[],
  product: Pick<ProductView, 'id' | 'price'>,
  quantity: number,
): CartChange {
  if (quantity === 0) return { kind: 'remove', productId: product.id };
  const others = lines.filter((line) => line.productId !== product.id);
  const foreign = others.find((line) => line.currency !== product.price.currency);
  if (foreign) throw currencyMismatch(product.id, product.price.currency, foreign.currency);
  const isNew = others.length === lines.length;
  if (isNew && lines.length >= CART_LIMITS.linesMax) throw cartFull(product.id);
  return {
    kind: 'set',
    productId: product.id,
    quantity,
    currency: product.price.currency,
    // Kept so that checkout can tell the shopper when the price changed since.
    unitPrice: product.price.amountMinor,
  };
}

/** How a shopper sees a stock level; undefined when inventory could not answer. */
export function availabilityOf(available: number | undefined): Availability {
  if (available === undefined) return { status: 'unknown' };
  if (available <= 0) return { status: 'out' };
  return { status: available <= LOW_STOCK_THRESHOLD ? 'low' : 'in_stock' };
}

export interface PricedLine {
  product: ProductView;
  quantity: number;
  availability: Availability;
}

/**
 * The cart as the shopper sees it, priced now. The total is null for an empty cart, and also when the lines'
 * prices are no longer in one currency (catalog changed a product's currency after it was put): no sum of two
 * currencies is ever shown, and the shopper sees each line's own price.
 */
export function cartViewOf(lines: readonly PricedLine[]): CartView {
  const views = lines.map(lineViewOf);
  const currencies = new Set(views.map((line) => line.unitPrice.currency));
  const total: Money | null =
    currencies.size === 1
      ? {
          amountMinor: views.reduce((sum, line) => sum + line.lineTotal.amountMinor, 0),
          currency: views[0].unitPrice.currency,
        }
      : null;
  return { lines: views, itemCount: views.reduce((sum, line) => sum + line.quantity, 0), total };
}

function lineViewOf({ product, quantity, availability }: PricedLine): CartLineView {
  return {
    productId: product.id,
    sku: product.sku,
    name: product.name,
    unitPrice: { amountMinor: product.price.amountMinor, currency: product.price.currency },
    quantity,
    lineTotal: { amountMinor: product.price.amountMinor * quantity, currency: product.price.currency },
    availability,
  };
}
