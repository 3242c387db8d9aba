/**
 * Message patterns of the orders service (Nest TCP transport): the shoppers' carts (`cart.ts`) and checkout, as the
 * features land.
 */
export const ORDERS_PATTERNS = {} as const;

/**
 * An order's status is its checkout saga's state. `PENDING` (placed, stock not reserved yet) → `STOCK_RESERVED` →
 * `PAYMENT_AUTHORIZED` → `CONFIRMED` (captured and committed). Failures: `REJECTED` (out of stock: nothing to undo);
 * `CANCELLING` (compensations under way: void the authorization, release the reservation) → `CANCELLED`; a
 * compensation that keeps failing parks the order in `COMPENSATION_FAILED`, for an admin.
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
} as const;
