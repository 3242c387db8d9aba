import { randomUUID } from 'node:crypto';
import { CATALOG_PATTERNS, CreateProductRequest, ProductView } from '@bazaar/contracts';
import { AppModule as OrdersModule } from '../../apps/orders/src/app.module';
import { BootedCatalog, bootCatalog } from '../../apps/catalog/test/boot-catalog';
import { BootedIdentity, bootIdentity } from '../../apps/identity/test/boot-identity';
import { BootedInventory, bootInventory } from '../../apps/inventory/test/boot-inventory';
import { BootedService, bootService } from './boot-service';
import { bootPaymentsAgainstSandbox, PaymentsAgainstSandbox } from './payments';
import { TcpProxy } from './tcp-proxy';
import { queryDatabase } from './test-database';

/**
 * What a gateway needs behind it to sign shoppers in and check them out, each service in-process on its real
 * transport and its own database: identity, catalog, inventory, payments against the sandbox, and orders, which
 * a gateway booted afterwards reaches through `ordersProxy` (to hold or cut its calls).
 */
export interface CheckoutServices {
  identity: BootedIdentity;
  catalog: BootedCatalog;
  inventory: BootedInventory;
  payments: PaymentsAgainstSandbox;
  orders: BootedService;
  ordersProxy: TcpProxy;
  /** The variables that point a gateway at these services (orders through the proxy). */
  gatewayEnv: Record<string, string>;
  /** A product of its own, priced 1 250 EUR cents, with `onHand` units in inventory. */
  productWithStock(onHand: number): Promise<ProductView>;
  /** How many orders orders holds for a shopper (the `sub` of their access token). */
  ordersPlacedBy(accessToken: string): Promise<number>;
  close(): Promise<void>;
}

export async function bootCheckoutServices(): Promise<CheckoutServices> {
  const identity = await bootIdentity();
  // Seeded for its categories; the tests create their own products.
  const catalog = await bootCatalog({ CATALOG_SEED: 'true' });
  const inventory = await bootInventory();
  const payments = await bootPaymentsAgainstSandbox({});
  const orders = await bootService('orders', OrdersModule, { ORDERS_SAGA_POLL_MS: '200' });
  const ordersProxy = await TcpProxy.start({ host: '127.0.0.1', port: orders.service.rpcPort! });
  return {
    identity,
    catalog,
    inventory,
    payments,
    orders,
    ordersProxy,
    gatewayEnv: { ORDERS_RPC_PORT: String(ordersProxy.port) },
    productWithStock: (onHand) => productWithStock(catalog, inventory, onHand, 'IDEM'),
    async ordersPlacedBy(accessToken) {
      const { sub } = JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString()) as {
        sub: string;
      };
      const [row] = await queryDatabase<{ count: string }>(
        orders.database.url,
        'SELECT count(*) FROM "order" WHERE user_id = $1',
        [sub],
      );
      return Number(row.count);
    },
    async close() {
      await ordersProxy.down();
      await orders.close();
      await payments.close();
      await inventory.close();
      await catalog.close();
      await identity.close();
    },
  };
}

/** A product of its own in `catalog` (SKU `<prefix>-…`), priced 1 250 EUR cents, with `onHand` units in `inventory`. */
export async function productWithStock(
  catalog: BootedCatalog,
  inventory: BootedInventory,
  onHand: number,
  prefix: string,
): Promise<ProductView> {
  const product = await catalog.call<ProductView>(CATALOG_PATTERNS.createProduct, {
    sku: `${prefix}-${randomUUID().slice(0, 8).toUpperCase()}`,
    name: `${prefix} test product`,
    description: '',
    priceMinor: 1_250,
    currency: 'EUR',
    category: 'apparel',
  } satisfies CreateProductRequest);
  await inventory.grpc.call('AdjustStock', { sku: product.sku, setOnHand: onHand, reason: 'test stock' });
  return product;
}
