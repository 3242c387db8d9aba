import { randomUUID } from 'node:crypto';
import { OrderView, ProductPage } from '@bazaar/contracts';
import { bearer, jsonHeaders, login, problemOf, registerShopper } from '../support/api';
import { eventually } from '../support/eventually';
import { E2E_ADMIN, RunningPlatform, startPlatform } from '../support/platform';

/**
 * Checkout through the gateway, every service a process of its own: the order is answered PENDING with its
 * Location, and its saga (inventory over gRPC, payments, the card processor) confirms it after the answer.
 */
describe('checkout through the gateway (e2e)', () => {
  let platform: RunningPlatform;
  let api: string;
  let adminToken: string;

  const register = () => registerShopper(platform.gatewayUrl, 'checkout');

  beforeAll(async () => {
    platform = await startPlatform();
    api = `${platform.gatewayUrl}/api/v1`;
    adminToken = (await login(platform.gatewayUrl, E2E_ADMIN.email, E2E_ADMIN.password)).accessToken;
  }, 120_000);

  afterAll(async () => {
    if (platform) await expect(platform.stop()).resolves.toBe(0);
  }, 60_000);

  const checkout = (token: string, key: string | undefined, body: unknown) =>
    fetch(`${api}/orders`, {
      method: 'POST',
      headers: { ...jsonHeaders(token), ...(key ? { 'idempotency-key': key } : {}) },
      body: JSON.stringify(body),
    });

  it('places an order answered 202 PENDING, which its saga then confirms; the same key answers the same order', async () => {
    const [product] = ((await (await fetch(`${api}/products?limit=1`)).json()) as ProductPage).items;
    const stocked = await fetch(`${api}/inventory/${product.sku}`, {
      method: 'PUT',
      headers: jsonHeaders(adminToken),
      body: JSON.stringify({ setOnHand: 5, reason: 'checkout e2e' }),
    });
    expect(stocked.status).toBe(200);
    const shopper = await register();
    const key = randomUUID();
    const body = {
      lines: [{ productId: product.id, quantity: 1 }],
      shippingAddress: {
        name: 'Ada Shopper',
        line1: '1 Main St',
        city: 'Lyon',
        postalCode: '69001',
        country: 'FR',
      },
      cardToken: 'tok_approved',
    };

    const placed = await checkout(shopper, key, body);
    expect(placed.status).toBe(202);
    const order = (await placed.json()) as OrderView;
    expect(order).toMatchObject({ status: 'PENDING', total: product.price });
    expect(placed.headers.get('location')).toBe(`/api/v1/orders/${order.id}`);

    const confirmed = await eventually(
      async () =>
        (await (
          await fetch(`${platform.gatewayUrl}/api/v1/orders/${order.id}`, { headers: bearer(shopper) })
        ).json()) as OrderView,
      (seen) => seen.status === 'CONFIRMED',
      20_000,
      'the order to be confirmed',
    );
    expect(confirmed.steps?.map((step) => step.step)).toContain('commit-stock');

    const again = await checkout(shopper, key, body);
    expect(again.status).toBe(202);
    expect(((await again.json()) as OrderView).id).toBe(order.id);

    const stranger = await register();
    const hidden = await fetch(`${api}/orders/${order.id}`, { headers: bearer(stranger) });
    expect(hidden.status).toBe(404);
    expect((await problemOf(hidden)).code).toBe('ORDER_NOT_FOUND');
  });

  it('answers a missing Idempotency-Key and an empty cart with problem+json', async () => {
    const shopper = await register();
    const body = {
      shippingAddress: {
        name: 'Ada Shopper',
        line1: '1 Main St',
        city: 'Lyon',
        postalCode: '69001',
        country: 'FR',
      },
      cardToken: 'tok_approved',
    };
    const missing = await checkout(shopper, undefined, body);
    expect(missing.status).toBe(400);
    expect((await problemOf(missing)).code).toBe('VALIDATION_FAILED');
    const empty = await checkout(shopper, randomUUID(), body);
    expect(empty.status).toBe(409);
    expect((await problemOf(empty)).code).toBe('CART_EMPTY');
  });
});
