import { Injectable } from '@nestjs/common';
import { Caller, CartView, PutCartItemRequest } from '@bazaar/contracts';
import { CartCatalog } from './cart-catalog';
import { CartStock } from './cart-stock';
import { signInRequired } from './cart.errors';
import { CartRepository } from './cart.repository';
import { availabilityOf, cartViewOf, planPut } from './cart.rules';

/**
 * The shopper's cart. It keeps product ids and quantities only: names and prices come from catalog and stock
 * from inventory each time the cart is shown, so the cart never shows a stale price.
 */
@Injectable()
export class CartService {
  constructor(
    private readonly carts: CartRepository,
    private readonly catalog: CartCatalog,
    private readonly stock: CartStock,
  ) {}

  get(caller: Caller | undefined): Promise<CartView> {
    return this.view(ownerOf(caller));
  }

  /** Sets the quantity of one product (0 removes it) and answers the cart as it now is. */
  async putItem(caller: Caller | undefined, { productId, quantity }: PutCartItemRequest): Promise<CartView> {
    const userId = ownerOf(caller);
    if (quantity === 0) {
      // Removing needs no product: a line whose product was deleted can still be removed.
      await this.carts.change(userId, () => ({ kind: 'remove', productId }));
    } else {
      const product = await this.catalog.product(productId);
      await this.carts.change(userId, (lines) => planPut(lines, product, quantity));
    }
    return this.view(userId);
  }

  async clear(caller: Caller | undefined): Promise<void> {
    await this.carts.clear(ownerOf(caller));
  }

  private async view(userId: string): Promise<CartView> {
    const lines = await this.carts.lines(userId);
    const products = await this.catalog.products(lines.map((line) => line.productId));
    const gone = lines.filter((line) => !products.has(line.productId)).map((line) => line.productId);
    await this.carts.removeProducts(userId, gone);
    const kept = lines.filter((line) => products.has(line.productId));
    const levels = await this.stock.available(kept.map((line) => products.get(line.productId)!.sku));
    return cartViewOf(
      kept.map((line) => {
        const product = products.get(line.productId)!;
        return { product, quantity: line.quantity, availability: availabilityOf(levels?.get(product.sku)) };
      }),
    );
  }
}

function ownerOf(caller: Caller | undefined): string {
  if (!caller) throw signInRequired();
  return caller.userId;
}
