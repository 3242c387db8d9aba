import { Injectable } from '@nestjs/common';
import { OrdersDatabase } from '../database/orders-database';
import { CartChange, StoredLine } from './cart.rules';

export interface CartLineRecord extends StoredLine {
  quantity: number;
  /** The product's price when the line was last put; null for lines put before it was kept. */
  unitPrice: number | null;
  addedAt: Date;
}

/**
 * The first key of the cart's transaction-scoped advisory lock (the second is the user's hash): other features of
 * this database take their own first keys, so no lock of theirs waits on a cart.
 */
export const CART_LOCK_CLASS = 17_001;

/** The only code that touches the cart's table. */
@Injectable()
export class CartRepository {
  constructor(private readonly db: OrdersDatabase) {}

  async lines(userId: string): Promise<CartLineRecord[]> {
    const rows = await this.db.cartItem.findMany({
      where: { userId },
      orderBy: [{ addedAt: 'asc' }, { productId: 'asc' }],
    });
    return rows.map(({ productId, quantity, currency, unitPrice, addedAt }) => ({
      productId,
      quantity,
      currency,
      unitPrice,
      addedAt,
    }));
  }

  /**
   * Decides and writes one change under the user's cart lock, so the line limit and the one-currency rule hold
   * against concurrent puts: `decide` sees the cart as it is and throws a refusal, which rolls everything back.
   */
  async change(userId: string, decide: (lines: StoredLine[]) => CartChange): Promise<void> {
    await this.db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CART_LOCK_CLASS}::int4, hashtext(${userId}::text))`;
      const lines = await tx.cartItem.findMany({
        where: { userId },
        select: { productId: true, currency: true },
      });
      const change = decide(lines);
      if (change.kind === 'remove') {
        await tx.cartItem.deleteMany({ where: { userId, productId: change.productId } });
        return;
      }
      const { productId, quantity, currency, unitPrice } = change;
      await tx.cartItem.upsert({
        where: { userId_productId: { userId, productId } },
        create: { userId, productId, quantity, currency, unitPrice },
        update: { quantity, currency, unitPrice },
      });
    });
  }

  /** Drops lines whose products catalog no longer has: they can be neither shown nor bought. */
  async removeProducts(userId: string, productIds: string[]): Promise<void> {
    if (productIds.length === 0) return;
    await this.db.cartItem.deleteMany({ where: { userId, productId: { in: productIds } } });
  }

  async clear(userId: string): Promise<void> {
    await this.db.cartItem.deleteMany({ where: { userId } });
  }
}
