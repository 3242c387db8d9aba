import { randomUUID } from 'node:crypto';
import { ProductView, UserView } from '@bazaar/contracts';
import { bearer, jsonHeaders, login, problemOf } from '../support/api';
import { RawInventoryClient } from '../../apps/inventory/test/grpc-client';
import { E2E_ADMIN, isAlive, RunningPlatform, startApp, startPlatform, waitFor } from '../support/platform';

type Product = ProductView & { availability: { status: string; available?: number } };
interface ProductList {
  items: Product[];
  nextCursor: string | null;
}

/** Stock through the gateway: availability on products, admin adjustments with their audit log. */
describe('inventory through the gateway (e2e)', () => {
  let platform: RunningPlatform;
  let api: string;
  let adminToken: string;
  let adminId: string;
  let customerToken: string;

  beforeAll(async () => {
    // Shoppers' stock levels are cached for a second by default; these tests look right after changing them.
    platform = await startPlatform({ AVAILABILITY_CACHE_MS: '0' });
    api = `${platform.gatewayUrl}/api/v1`;
    adminToken = (await login(platform.gatewayUrl, E2E_ADMIN.email, E2E_ADMIN.password)).accessToken;
    adminId = ((await (await fetch(`${api}/me`, { headers: bearer(adminToken) })).json()) as UserView).id;
    const email = `shopper-${randomUUID().slice(0, 8)}@example.com`;
    const password = 'a perfectly fine passphrase';
    await fetch(`${api}/auth/register`, {
      method: 'POST',
      headers: jsonHeaders(),
      body: JSON.stringify({ email, displayName: 'Shopper', password }),
    });
    customerToken = (await login(platform.gatewayUrl, email, password)).accessToken;
  }, 120_000);

  afterAll(async () => {
    if (platform) await expect(platform.stop()).resolves.toBe(0);
  }, 60_000);

  const page = async (headers: Record<string, string> = {}) =>
    ((await (await fetch(`${api}/products?limit=20`, { headers })).json()) as ProductList).items;

  it('shows availability on the product list: in stock, low and out, counts for admins only', async () => {
    const anonymous = await page();
    const statuses = new Set(anonymous.map((p) => p.availability.status));
    expect(statuses).toEqual(new Set(['in_stock', 'low', 'out']));
    expect(anonymous.every((p) => p.availability.available === undefined)).toBe(true);

    const response = await fetch(`${api}/products?limit=20`, { headers: bearer(adminToken) });
    expect(response.headers.get('cache-control')).toBe('private, no-cache');
    const asAdmin = ((await response.json()) as ProductList).items;
    expect(asAdmin.every((p) => typeof p.availability.available === 'number')).toBe(true);
    const out = asAdmin.find((p) => p.availability.status === 'out');
    expect(out?.availability.available).toBe(0);
  });

  it('an admin sets stock, the product shows it, and the change is in the audit log with who made it', async () => {
    const [product] = await page();
    const put = await fetch(`${api}/inventory/${product.sku}`, {
      method: 'PUT',
      headers: jsonHeaders(adminToken),
      body: JSON.stringify({ setOnHand: 3, reason: 'e2e recount' }),
    });
    expect(put.status).toBe(200);
    expect(await put.json()).toEqual({ sku: product.sku, onHand: 3, reserved: 0, available: 3 });

    const detail = (await (await fetch(`${api}/products/${product.id}`)).json()) as Product;
    expect(detail.availability).toEqual({ status: 'low' });

    const log = await fetch(`${api}/inventory/${product.sku}/adjustments?limit=1`, {
      headers: bearer(adminToken),
    });
    expect(log.status).toBe(200);
    const { items } = (await log.json()) as {
      items: Array<{ onHandAfter: number; reason: string; actor: string }>;
    };
    expect(items).toEqual([
      expect.objectContaining({ onHandAfter: 3, reason: 'e2e recount', actor: adminId }),
    ]);
  });

  it('refuses customers (403), bad input (400) and unknown SKUs (404) as problem+json', async () => {
    const [product] = await page();
    const asCustomer = await fetch(`${api}/inventory/${product.sku}`, {
      method: 'PUT',
      headers: jsonHeaders(customerToken),
      body: JSON.stringify({ setOnHand: 1, reason: 'nope' }),
    });
    expect(asCustomer.status).toBe(403);
    await problemOf(asCustomer);

    const both = await fetch(`${api}/inventory/${product.sku}`, {
      method: 'PUT',
      headers: jsonHeaders(adminToken),
      body: JSON.stringify({ setOnHand: 1, add: 1, reason: 'both' }),
    });
    expect(both.status).toBe(400);
    expect((await problemOf(both)).errors?.map((e) => e.field)).toEqual(['setOnHand']);

    const negative = await fetch(`${api}/inventory/${product.sku}`, {
      method: 'PUT',
      headers: jsonHeaders(adminToken),
      body: JSON.stringify({ add: -1_000, reason: 'too many' }),
    });
    expect(negative.status).toBe(400);

    const unknown = await fetch(`${api}/inventory/NO-SUCH-SKU`, { headers: bearer(adminToken) });
    expect(unknown.status).toBe(404);
    expect((await problemOf(unknown)).code).toBe('SKU_NOT_FOUND');
  });

  it("carries the request ID in gRPC metadata: it appears on inventory's log line for the call", async () => {
    const requestId = `e2e-grpc-${randomUUID().slice(0, 8)}`;
    const response = await fetch(`${api}/products?limit=2`, { headers: { 'x-request-id': requestId } });
    expect(response.status).toBe(200);
    await waitFor('inventory to log the call with the request ID', () =>
      Promise.resolve(
        platform.output.some(
          (line) => line.includes('"service":"inventory"') && line.includes(`"requestId":"${requestId}"`),
        ),
      ),
    );
  });

  it('409 when an admin would set on hand below what open reservations hold', async () => {
    const [, product] = await page();
    await fetch(`${api}/inventory/${product.sku}`, {
      method: 'PUT',
      headers: jsonHeaders(adminToken),
      body: JSON.stringify({ setOnHand: 10, reason: 'e2e' }),
    });
    // Reservations have no public route yet (orders will make them): reserve straight over gRPC.
    const grpc = new RawInventoryClient(`127.0.0.1:${platform.env.INVENTORY_RPC_PORT}`);
    try {
      await grpc.call('Reserve', {
        reservationId: randomUUID(),
        orderId: 'e2e-order',
        lines: [{ sku: product.sku, quantity: 6 }],
      });
    } finally {
      grpc.close();
    }
    const below = await fetch(`${api}/inventory/${product.sku}`, {
      method: 'PUT',
      headers: jsonHeaders(adminToken),
      body: JSON.stringify({ setOnHand: 5, reason: 'recount' }),
    });
    expect(below.status).toBe(409);
    expect((await problemOf(below)).code).toBe('INSUFFICIENT_STOCK');
  });

  it('serves products as "unknown" while inventory is down, and recovers when it is back', async () => {
    const pid = platform.pids.inventory;
    process.kill(pid, 'SIGTERM');
    await waitFor('inventory to exit', () => Promise.resolve(!isAlive(pid)));
    const degraded = await fetch(`${api}/products?limit=3`);
    expect(degraded.status).toBe(200);
    const items = ((await degraded.json()) as ProductList).items;
    expect(items.map((p) => p.availability.status)).toEqual(['unknown', 'unknown', 'unknown']);
    // The admin routes have nothing to fall back on: 503 problem+json, at once.
    const stock = await fetch(`${api}/inventory/${items[0].sku}`, { headers: bearer(adminToken) });
    expect(stock.status).toBe(503);
    expect((await problemOf(stock)).code).toBe('SERVICE_UNAVAILABLE');

    const restarted = startApp('inventory', platform.env);
    try {
      await waitFor(
        'availability to come back',
        async () => (await page()).every((p) => p.availability.status !== 'unknown'),
        30_000,
      );
    } finally {
      restarted.kill('SIGTERM');
      await new Promise((resolve) => restarted.once('exit', resolve));
    }
  }, 60_000);
});
