/** The product as both stacks answer it (Bazaar's gateway adds the availability it gets from inventory). */
export interface ProductView {
  id: string;
  sku: string;
  name: string;
  description: string;
  price: { amountMinor: number; currency: string };
  category: { slug: string; name: string };
  createdAt: string;
  updatedAt: string;
}

/** The TCP message pattern of the peer catalog's read by id. */
export const GET_PRODUCT = 'products.get';

/** Tells the bench (the parent process) that this server listens. */
export function signalReady(): void {
  process.send?.('ready');
}
