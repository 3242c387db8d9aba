import { randomUUID } from 'node:crypto';
import {
  CART_LIMITS,
  CART_PATTERNS,
  CATALOG_PATTERNS,
  Caller,
  CartView,
  CreateProductRequest,
  ProductPage,
  ProductView,
  RpcErrorBody,
} from '@bazaar/contracts';
import { AppModule as OrdersModule } from '../../apps/orders/src/app.module';
import { BootedCatalog, bootCatalog } from '../../apps/catalog/test/boot-catalog';
import { BootedInventory, bootInventory } from '../../apps/inventory/test/boot-inventory';
import { BootedService, bootService } from '../support/boot-service';
import { queryDatabase } from '../support/test-database';

/**
 * Orders' cart over its real TCP transport, pricing from catalog over TCP and stock from inventory over gRPC,
 * each in-process on a fresh database: the rules that only a real database and real concurrency can show.
 */
describe('the cart in orders (integration)', () => {
  let catalog: BootedCatalog;
  let inventory: BootedInventory;
  let orders: BootedService;
  let products: ProductView[];

  beforeAll(async () => {
    // Both seeded with the demo catalog, whose SKUs they share: 210 products in EUR, with stock.
    catalog = await bootCatalog({ CATALOG_SEED: 'true' });
    inventory = await bootInventory({ INVENTORY_SEED: 'true' });
    orders = await bootService('orders', OrdersModule);
    products = (
      await catalog.call<ProductPage>(CATALOG_PATTERNS.listProducts, { limit: CART_LIMITS.linesMax + 10 })
    ).items;
  }, 60_000);

  afterAll(async () => {
    await orders?.close();
    await inventory?.close();
    await catalog?.close();
  });

  const shopper = (): Caller => ({ userId: randomUUID(), roles: ['customer'] });
  const put = (caller: Caller, productId: string, quantity: number) =>
    orders.call<CartView>(CART_PATTERNS.putItem, { productId, quantity }, { caller });
  const refusal = (caller: Caller, productId: string, quantity: number) =>
    put(caller, productId, quantity).then(
      () => undefined,
      (error: RpcErrorBody) => error.code,
    );
  const storedLines = (caller: Caller) =>
    queryDatabase<{ product_id: string; quantity: number; currency: string }>(
      orders.database.url,
      'SELECT product_id, quantity, currency FROM cart_item WHERE user_id = $1',
      [caller.userId],
    );
  const productIn = (currency: string) =>
    catalog.call<ProductView>(CATALOG_PATTERNS.createProduct, {
      sku: `INT-${randomUUID().slice(0, 8).toUpperCase()}`,
      name: `Priced in ${currency}`,
      description: '',
      priceMinor: 500,
      currency,
      category: 'apparel',
    } satisfies CreateProductRequest);

  it('answers no call without a forwarded caller', async () => {
    for (const [pattern, data] of [
      [CART_PATTERNS.get, {}],
      [CART_PATTERNS.putItem, { productId: products[0].id, quantity: 1 }],
      [CART_PATTERNS.clear, {}],
    ] as const) {
      await expect(orders.failure(pattern, data)).resolves.toMatchObject({ code: 'UNAUTHENTICATED' });
    }
  });

  it('validates the payload itself, whatever the gateway checked', async () => {
    const caller = shopper();
    for (const data of [
      { productId: products[0].id, quantity: CART_LIMITS.quantityMax + 1 },
      { productId: products[0].id, quantity: -1 },
      { productId: 'not-a-uuid', quantity: 1 },
      { productId: products[0].id, quantity: 1, price: 0 },
    ]) {
      await expect(orders.failure(CART_PATTERNS.putItem, data, { caller })).resolves.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
    }
    await expect(storedLines(caller)).resolves.toEqual([]);
  });

  it(`keeps at most ${CART_LIMITS.linesMax} lines however many puts race`, async () => {
    const caller = shopper();
    const codes = await Promise.all(
      products.slice(0, CART_LIMITS.linesMax + 10).map((product) => refusal(caller, product.id, 1)),
    );
    expect(codes.filter((code) => code === undefined)).toHaveLength(CART_LIMITS.linesMax);
    expect(codes.filter((code) => code === 'CART_FULL')).toHaveLength(10);
    await expect(storedLines(caller)).resolves.toHaveLength(CART_LIMITS.linesMax);
  }, 60_000);

  it('never mixes currencies, even when puts in two currencies race into an empty cart', async () => {
    const dollars = await Promise.all(Array.from({ length: 5 }, () => productIn('USD')));
    const caller = shopper();
    const codes = await Promise.all(
      [...dollars, ...products.slice(0, 5)].map((product) => refusal(caller, product.id, 2)),
    );
    const stored = await storedLines(caller);
    expect(new Set(stored.map((line) => line.currency)).size).toBe(1);
    expect(stored).toHaveLength(5);
    expect(codes.filter((code) => code === 'CART_CURRENCY_MISMATCH')).toHaveLength(5);
  });

  it('refuses an unknown product and writes nothing', async () => {
    const caller = shopper();
    await expect(refusal(caller, randomUUID(), 1)).resolves.toBe('PRODUCT_NOT_FOUND');
    await expect(storedLines(caller)).resolves.toEqual([]);
  });

  it('holds the quantity rule in the database too', async () => {
    const caller = shopper();
    await put(caller, products[0].id, 1);
    await expect(
      queryDatabase(orders.database.url, 'UPDATE cart_item SET quantity = 0 WHERE user_id = $1', [
        caller.userId,
      ]),
    ).rejects.toThrow(/cart_item_quantity_check/);
  });

  it('shows the cart with availability "unknown" once inventory is gone', async () => {
    const caller = shopper();
    const before = await put(caller, products[0].id, 1);
    expect(before.lines[0].availability.status).not.toBe('unknown');
    await inventory.close();
    const after = await orders.call<CartView>(CART_PATTERNS.get, {}, { caller });
    expect(after.lines.map((line) => line.availability)).toEqual([{ status: 'unknown' }]);
    expect(after.total).toEqual(before.total);
  });
});
