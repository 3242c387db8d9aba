import type { Money } from './catalog';
import type { Availability } from './inventory';

/**
 * The shopper's cart, kept by the orders service (Nest TCP transport). Every pattern acts on the cart of the
 * caller the gateway forwarded; a call without one is refused (UNAUTHENTICATED).
 */
export const CART_PATTERNS = {
  get: 'orders.cart.get',
  putItem: 'orders.cart.put-item',
  clear: 'orders.cart.clear',
} as const;

export const CART_LIMITS = {
  /** Distinct products in one cart. */
  linesMax: 50,
  /** Units of one product; putting 0 removes the line. */
  quantityMax: 99,
} as const;

/** One product in the cart, with its name and price as catalog has them now. */
export interface CartLineView {
  productId: string;
  sku: string;
  name: string;
  unitPrice: Money;
  quantity: number;
  /** unitPrice × quantity. */
  lineTotal: Money;
  /** The product's stock as inventory reports it (`unknown` while inventory cannot answer). */
  availability: Availability;
}

export interface CartView {
  /** Oldest line first. */
  lines: CartLineView[];
  /** Units across all lines. */
  itemCount: number;
  /** The sum of the line totals in the cart's one currency; null for an empty cart. */
  total: Money | null;
}

export type GetCartRequest = Record<string, never>;

export interface PutCartItemRequest {
  productId: string;
  /** 0 removes the line; 1..CART_LIMITS.quantityMax sets it. */
  quantity: number;
}

export type ClearCartRequest = Record<string, never>;
