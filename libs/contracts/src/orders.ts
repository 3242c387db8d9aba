/**
 * Message patterns of the orders service (Nest TCP transport): the shoppers' carts (`cart.ts`) and checkout, as the
 * features land.
 */
export const ORDERS_PATTERNS = {} as const;
