import type { Money } from './catalog';

/**
 * Message patterns of the orders service (Nest TCP transport): the shoppers' carts (`cart.ts`) and checkout, as the
 * features land.
 */
export const ORDERS_PATTERNS = {
  /** Places an order (the caller's) and starts its saga; answers the order, `PENDING`. */
  checkout: 'orders.checkout',
  /** One of the caller's orders with its saga's step timeline; another user's is ORDER_NOT_FOUND. */
  get: 'orders.get',
  /** The caller's orders, newest first, a page at a time: a summary of each. */
  list: 'orders.list',
  /**
   * Cancels one of the caller's orders: before confirmation its saga compensates (`CANCELLING`), after it the
   * captured amount is refunded (`REFUNDING`); answers the order as it now is. ORDER_STATE once there is nothing
   * to cancel.
   */
  cancel: 'orders.cancel',
  /** Every shopper's orders, oldest first, by status (admin only). */
  adminList: 'orders.admin-list',
} as const;

/**
 * An order's status is its checkout saga's state. `PENDING` (placed, stock not reserved yet) → `STOCK_RESERVED` →
 * `PAYMENT_AUTHORIZED` → `CONFIRMED` (captured and committed). Failures: `REJECTED` (out of stock: nothing to undo);
 * `CANCELLING` (compensations under way: void the authorization, release the reservation) → `CANCELLED`. A
 * confirmed order the shopper cancels is refunded: `REFUNDING` → `REFUNDED`. A compensation or a refund that keeps
 * failing parks the order in `COMPENSATION_FAILED`, for an admin.
 */
export const ORDER_STATUSES = [
  'PENDING',
  'STOCK_RESERVED',
  'PAYMENT_AUTHORIZED',
  'CONFIRMED',
  'REJECTED',
  'CANCELLING',
  'CANCELLED',
  'COMPENSATION_FAILED',
  'REFUNDING',
  'REFUNDED',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const ORDERS_LIMITS = {
  /** ISO 4217: one currency per order. */
  currencyLength: 3,
  idempotencyKeyMaxLength: 200,
  cardTokenMaxLength: 100,
  linesMax: 50,
  quantityMax: 100,
  skuMaxLength: 64,
  nameMaxLength: 200,
  reasonMaxLength: 500,
  pageSizeMax: 100,
  pageSizeDefault: 20,
} as const;

/** A shipping address as the shopper gives it. */
export interface ShippingAddressInput {
  name: string;
  line1: string;
  line2?: string;
  city: string;
  postalCode: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
}

export interface CheckoutLineInput {
  productId: string;
  quantity: number;
}

/**
 * Checkout: from `lines`, or from the caller's cart when they are left out. Names and prices are catalog's at this
 * moment, never the caller's. The same `idempotencyKey` with the same request answers the same order.
 */
export interface CheckoutRequest {
  idempotencyKey: string;
  lines?: CheckoutLineInput[];
  shippingAddress: ShippingAddressInput;
  /** The card processor's token for the card (never a card number). */
  cardToken: string;
}

export interface GetOrderRequest {
  orderId: string;
}

export interface CancelOrderRequest {
  orderId: string;
}

/** A page of the caller's orders: `cursor` is the `nextCursor` of the previous page. */
export interface ListOrdersRequest {
  cursor?: string;
  limit?: number;
}

export interface AdminListOrdersRequest extends ListOrdersRequest {
  /** Only orders in this status (COMPENSATION_FAILED: those waiting for an admin). */
  status?: OrderStatus;
}

export interface OrderLineView {
  productId: string;
  sku: string;
  name: string;
  /** At checkout: what the order charges. */
  unitPrice: Money;
  quantity: number;
  lineTotal: Money;
  /**
   * For a line ordered from the cart, the price the product had when it was put there; null for explicit lines.
   * When it differs from `unitPrice`, the price changed between cart and checkout (`priceChanged`).
   */
  cartUnitPrice: Money | null;
  priceChanged: boolean;
}

/** One entry of the saga's step log: a step or a compensation, planned, succeeded or failed. */
export interface OrderStepView {
  step: string;
  kind: 'forward' | 'compensation';
  outcome: 'planned' | 'succeeded' | 'failed';
  attempt: number;
  /** Why: a decline code, an error, a refusal. */
  detail: string | null;
  /** The order's status once the entry was written. */
  status: OrderStatus;
  /** ISO 8601. */
  at: string;
}

export interface OrderView {
  id: string;
  status: OrderStatus;
  lines: OrderLineView[];
  total: Money;
  shippingAddress: ShippingAddressInput;
  /** ISO 8601: past it, a payment still not authorized cancels the order. */
  paymentDeadline: string | null;
  createdAt: string;
  updatedAt: string;
  /** The step timeline, oldest first (on `orders.get`). */
  steps?: OrderStepView[];
}

/** One order in a list: enough to pick it out; `orders.get` has the rest. */
export interface OrderSummaryView {
  id: string;
  status: OrderStatus;
  total: Money;
  linesCount: number;
  /** ISO 8601. */
  createdAt: string;
  updatedAt: string;
}

export interface OrderPage {
  items: OrderSummaryView[];
  nextCursor: string | null;
}

/** An order as an admin lists it: whose it is too. */
export interface AdminOrderSummaryView extends OrderSummaryView {
  userId: string;
}

export interface AdminOrderPage {
  items: AdminOrderSummaryView[];
  nextCursor: string | null;
}
