import { randomUUID } from 'node:crypto';
import { OrderView, PSP_TEST_CARDS } from '@bazaar/contracts';
import { bearer, jsonHeaders, registerShopper } from '../support/api';
import { BootedGateway, bootGateway } from '../support/boot-gateway';
import { bootCheckoutServices, CheckoutServices } from '../support/checkout-services';
import { eventually } from '../support/eventually';
import { freePort } from '../support/free-port';
import { ADDRESS, Answer, checkoutOf, expectReplayOf, post, problem } from '../support/idempotent-post';

/**
 * Idempotency-Key through the real gateway over HTTP, in front of the real services (in-process, each on its
 * real transport and database). Orders is reached through a proxy, to hold a request open or cut it off. The
 * store shared through Redis: idempotency-redis.int-spec.ts.
 */
describe('Idempotency-Key at the gateway (integration)', () => {
  let services: CheckoutServices;
  let gateway: BootedGateway;
  let orders: string;

  beforeAll(async () => {
    services = await bootCheckoutServices();
    // Keys and rate limits in its own memory, even when REDIS_URL is set (for idempotency-redis.int-spec.ts).
    gateway = await bootGateway({ ...services.gatewayEnv, REDIS_URL: undefined });
    orders = `${gateway.url}/api/v1/orders`;
  }, 120_000);

  afterAll(async () => {
    services?.ordersProxy.release();
    await gateway?.close();
    await services?.close();
  });

  const orderNow = async (token: string, id: string) =>
    (await (await fetch(`${orders}/${id}`, { headers: bearer(token) })).json()) as OrderView;

  it('replays the first answer (status, headers, body) to the same request, and places the order once', async () => {
    const token = await registerShopper(gateway.url, 'replay');
    // Five lines: an answer large enough to be compressed (over 1 KiB), as its replay must be too.
    const products = await Promise.all([1, 2, 3, 4, 5].map(() => services.productWithStock(5)));
    const ids = products.map((product) => product.id);
    const key = randomUUID();
    const first = await post(orders, token, checkoutOf(...ids), key);
    expect(first.status).toBe(202);
    expect(first.headers.get('content-encoding')).toBeTruthy();
    const placed = JSON.parse(first.text) as OrderView;
    expect(first.headers.get('location')).toBe(`/api/v1/orders/${placed.id}`);

    // The order moves on; the replay is still the first answer, not the order as it is now.
    await eventually(
      () => orderNow(token, placed.id),
      (order) => order.status === 'CONFIRMED',
    );
    const again = await post(orders, token, checkoutOf(...ids), key);
    expectReplayOf(again, first);
    expect(again.headers.get('content-encoding')).toBe(first.headers.get('content-encoding'));
    expect(JSON.parse(again.text)).toMatchObject({ id: placed.id, status: 'PENDING' });

    // The same JSON with its keys in another order is the same request.
    const { lines, shippingAddress, cardToken } = checkoutOf(...ids);
    expectReplayOf(await post(orders, token, { cardToken, shippingAddress, lines }, key), first);
    await expect(services.ordersPlacedBy(token)).resolves.toBe(1);

    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(metrics).toMatch(/gateway_idempotency_requests_total\{[^}]*outcome="replayed"[^}]*\} [1-9]/);
  });

  it('refuses the key with another body (422), and scopes keys per caller', async () => {
    const token = await registerShopper(gateway.url, 'reuse');
    const product = await services.productWithStock(5);
    const key = randomUUID();
    expect((await post(orders, token, checkoutOf(product.id), key)).status).toBe(202);

    const reused = await post(orders, token, { ...checkoutOf(product.id), cardToken: 'tok_declined' }, key);
    expect(reused.status).toBe(422);
    expect(problem(reused).code).toBe('IDEMPOTENCY_KEY_REUSED');
    await expect(services.ordersPlacedBy(token)).resolves.toBe(1);

    // Another shopper's key is theirs, whatever its value.
    const other = await registerShopper(gateway.url, 'other');
    const theirs = await post(orders, other, checkoutOf(product.id), key);
    expect(theirs.status).toBe(202);
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
  });

  it('answers a duplicate sent while the first still runs with 409 and Retry-After, then replays the first', async () => {
    const token = await registerShopper(gateway.url, 'inflight');
    const product = await services.productWithStock(5);
    const key = randomUUID();
    services.ordersProxy.hold();
    let first: Promise<Answer>;
    try {
      first = post(orders, token, checkoutOf(product.id), key);
      // Orders is slow: the first request has reached it and waits for its answer.
      await eventually(
        () => Promise.resolve(services.ordersProxy.heldChunks),
        (held) => held > 0,
        10_000,
        'the first checkout to reach orders',
      );
      const duplicate = await post(orders, token, checkoutOf(product.id), key);
      expect(duplicate.status).toBe(409);
      expect(problem(duplicate).code).toBe('IDEMPOTENCY_KEY_IN_USE');
      expect(duplicate.headers.get('retry-after')).toBe('1');
    } finally {
      services.ordersProxy.release();
    }
    const answered = await first;
    expect(answered.status).toBe(202);
    expectReplayOf(await post(orders, token, checkoutOf(product.id), key), answered);
    await expect(services.ordersPlacedBy(token)).resolves.toBe(1);
  });

  it('refuses a missing key where it is required, and a malformed one anywhere (400)', async () => {
    const token = await registerShopper(gateway.url, 'malformed');
    const product = await services.productWithStock(5);
    for (const key of [undefined, '', 'k'.repeat(201), 'two words', 'tab\there', 'caf\u00e9']) {
      const refused = await post(orders, token, checkoutOf(product.id), key);
      expect(refused.status).toBe(400);
      expect(problem(refused)).toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: [expect.objectContaining({ field: 'Idempotency-Key' })],
      });
    }
    await expect(services.ordersPlacedBy(token)).resolves.toBe(0);
    // Optional on the other POSTs, but checked when sent.
    const registration = {
      email: `bad-key-${randomUUID()}@example.com`,
      displayName: 'K',
      password: 'x'.repeat(12),
    };
    const register = await post(`${gateway.url}/api/v1/auth/register`, undefined, registration, 'two words');
    expect(register.status).toBe(400);
    expect((await post(orders, token, checkoutOf(product.id), 'k'.repeat(200))).status).toBe(202);
  });

  it('replays an error answer too: a checkout refused for an empty cart stays refused for that key', async () => {
    const token = await registerShopper(gateway.url, 'error');
    const product = await services.productWithStock(5);
    const key = randomUUID();
    const fromCart = { shippingAddress: ADDRESS, cardToken: PSP_TEST_CARDS.approved };
    const first = await post(orders, token, fromCart, key);
    expect(first.status).toBe(409);
    expect(problem(first).code).toBe('CART_EMPTY');

    const put = await fetch(`${gateway.url}/api/v1/cart/items/${product.id}`, {
      method: 'PUT',
      headers: jsonHeaders(token),
      body: JSON.stringify({ quantity: 1 }),
    });
    expect(put.status).toBe(200);
    expectReplayOf(await post(orders, token, fromCart, key), first);
    await expect(services.ordersPlacedBy(token)).resolves.toBe(0);
    // A new key is a new request: the cart is ordered now.
    expect((await post(orders, token, fromCart, randomUUID())).status).toBe(202);
  });

  it('keeps no 400: a request refused as malformed ran nothing, and may be corrected under the same key', async () => {
    const token = await registerShopper(gateway.url, 'corrected');
    const product = await services.productWithStock(5);
    const key = randomUUID();
    const malformed = { ...checkoutOf(product.id), lines: [{ productId: product.id, quantity: 0 }] };
    const refused = await post(orders, token, malformed, key);
    expect(refused.status).toBe(400);
    expect(problem(refused).code).toBe('VALIDATION_FAILED');
    const corrected = await post(orders, token, checkoutOf(product.id), key);
    expect(corrected.status).toBe(202);
    expect(corrected.headers.get('idempotent-replayed')).toBeNull();
  });

  it('keeps no 5xx: when orders is unreachable the key is freed, and the retry runs', async () => {
    const token = await registerShopper(gateway.url, 'outage');
    const product = await services.productWithStock(5);
    const key = randomUUID();
    await services.ordersProxy.down();
    let failed: Answer;
    try {
      failed = await post(orders, token, checkoutOf(product.id), key);
    } finally {
      await services.ordersProxy.up();
    }
    expect(failed.status).toBe(503);
    const retried = await eventually(
      () => post(orders, token, checkoutOf(product.id), key),
      (answer) => answer.status !== 503,
      15_000,
      'orders to be reachable again',
    );
    expect(retried.status).toBe(202);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    await expect(services.ordersPlacedBy(token)).resolves.toBe(1);
  });

  it('answers 503 to a request with a key while its Redis is unreachable, and serves requests without one', async () => {
    const cutOff = await bootGateway({
      ...services.gatewayEnv,
      REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
    });
    try {
      const register = `${cutOff.url}/api/v1/auth/register`;
      const registration = () => ({
        email: `no-redis-${randomUUID()}@example.com`,
        displayName: 'No Redis',
        password: 'a perfectly fine passphrase',
      });
      const refused = await post(register, undefined, registration(), randomUUID());
      expect(refused.status).toBe(503);
      expect(problem(refused).code).toBe('SERVICE_UNAVAILABLE');
      expect((await post(register, undefined, registration())).status).toBe(201);
    } finally {
      await cutOff.close();
    }
  });

  it('forgets a key after GATEWAY_IDEMPOTENCY_TTL_MS: the same request then runs again', async () => {
    const shortLived = await bootGateway({
      ...services.gatewayEnv,
      REDIS_URL: undefined,
      GATEWAY_IDEMPOTENCY_TTL_MS: '2000',
      // A replay skips the handler, not the rate limits: the polling below must not be refused for them.
      RATE_LIMIT_AUTH_PER_ACCOUNT: '1000',
      RATE_LIMIT_AUTH_PER_IP: '1000',
    });
    try {
      const register = `${shortLived.url}/api/v1/auth/register`;
      const registration = {
        email: `ttl-${randomUUID()}@example.com`,
        displayName: 'Short-lived',
        password: 'a perfectly fine passphrase',
      };
      const key = randomUUID();
      const first = await post(register, undefined, registration, key);
      expect(first.status).toBe(201);
      expectReplayOf(await post(register, undefined, registration, key), first);
      const afterTtl = await eventually(
        () => post(register, undefined, registration, key),
        (answer) => answer.headers.get('idempotent-replayed') === null,
        15_000,
        'the key to expire',
      );
      // Run again, the registration finds its own account.
      expect(afterTtl.status).toBe(409);
      expect(problem(afterTtl).code).toBe('EMAIL_TAKEN');
    } finally {
      await shortLived.close();
    }
  });
});
