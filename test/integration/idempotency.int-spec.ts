import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { OrderView, ProblemDetails, PSP_TEST_CARDS } from '@bazaar/contracts';
import { bearer, jsonHeaders, registerShopper } from '../support/api';
import { BootedGateway, bootGateway } from '../support/boot-gateway';
import { bootCheckoutServices, CheckoutServices } from '../support/checkout-services';
import { eventually } from '../support/eventually';
import { describeIf, serverNamedBy } from '../support/skip';

const REDIS_URL = process.env.REDIS_URL;
const redis = serverNamedBy('REDIS_URL', 6379);
const withRedis = describeIf(redis.ok, redis.missing);

const ADDRESS = { name: 'Ada Shopper', line1: '1 Main St', city: 'Lyon', postalCode: '69001', country: 'FR' };
/** The headers a replay must send again as they were first sent. */
const ANSWER_HEADERS = ['content-type', 'location', 'cache-control'];

interface Answer {
  status: number;
  headers: Headers;
  /** The body as sent, to compare replays byte for byte. */
  text: string;
}

async function post(url: string, token: string | undefined, body: unknown, key?: string): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      ...jsonHeaders(token),
      'accept-encoding': 'gzip',
      ...(key === undefined ? {} : { 'idempotency-key': key }),
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

function problem(answer: Answer): ProblemDetails {
  expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return JSON.parse(answer.text) as ProblemDetails;
}

const checkoutOf = (...productIds: string[]) => ({
  lines: productIds.map((productId) => ({ productId, quantity: 1 })),
  shippingAddress: ADDRESS,
  cardToken: PSP_TEST_CARDS.approved,
});

function expectReplayOf(replay: Answer, first: Answer): void {
  expect(first.headers.get('idempotent-replayed')).toBeNull();
  expect(replay.headers.get('idempotent-replayed')).toBe('true');
  expect(replay.status).toBe(first.status);
  expect(replay.text).toBe(first.text);
  for (const name of ANSWER_HEADERS) expect(replay.headers.get(name)).toBe(first.headers.get(name));
}

/**
 * Idempotency-Key through the real gateway over HTTP, in front of the real services (in-process, each on its
 * real transport and database). Orders is reached through a proxy, to hold a request open or cut it off.
 */
describe('Idempotency-Key at the gateway (integration)', () => {
  let services: CheckoutServices;
  let gateway: BootedGateway;
  let orders: string;

  beforeAll(async () => {
    services = await bootCheckoutServices();
    // Keys and rate limits in its own memory, even when REDIS_URL is set for the Redis suite below.
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

  withRedis('shared by several gateway instances through Redis', () => {
    const prefix = `bazaar-test:idempotency:${randomUUID()}`;
    const ttlMs = 60_000;
    let first: BootedGateway;
    let second: BootedGateway;
    let client: Redis;

    beforeAll(async () => {
      const env = {
        ...services.gatewayEnv,
        REDIS_URL: REDIS_URL!,
        IDEMPOTENCY_KEY_PREFIX: prefix,
        GATEWAY_IDEMPOTENCY_TTL_MS: String(ttlMs),
        // Counters of their own: the server's may hold other runs' registrations from this address.
        RATE_LIMIT_KEY_PREFIX: `${prefix}:rate`,
      };
      first = await bootGateway(env);
      second = await bootGateway(env);
      client = new Redis(REDIS_URL!);
    }, 60_000);

    afterAll(async () => {
      const keys = await client?.keys(`${prefix}:*`);
      if (keys?.length) await client.del(...keys);
      await client?.quit();
      await first?.close();
      await second?.close();
    });

    it('replays on one instance the answer another gave, and keeps it for the configured time', async () => {
      const token = await registerShopper(first.url, 'redis-replay');
      const product = await services.productWithStock(5);
      const key = randomUUID();
      const answered = await post(`${first.url}/api/v1/orders`, token, checkoutOf(product.id), key);
      expect(answered.status).toBe(202);
      expectReplayOf(await post(`${second.url}/api/v1/orders`, token, checkoutOf(product.id), key), answered);
      await expect(services.ordersPlacedBy(token)).resolves.toBe(1);

      const [stored] = await client.keys(`${prefix}:*:${key}`);
      const ttl = await client.pttl(stored);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(ttlMs);
    });

    it('answers 409 on one instance while the first request runs on another', async () => {
      const token = await registerShopper(first.url, 'redis-inflight');
      const product = await services.productWithStock(5);
      const key = randomUUID();
      services.ordersProxy.hold();
      let running: Promise<Answer>;
      try {
        running = post(`${first.url}/api/v1/orders`, token, checkoutOf(product.id), key);
        await eventually(
          () => Promise.resolve(services.ordersProxy.heldChunks),
          (held) => held > 0,
          10_000,
          'the first checkout to reach orders',
        );
        const duplicate = await post(`${second.url}/api/v1/orders`, token, checkoutOf(product.id), key);
        expect(duplicate.status).toBe(409);
        expect(problem(duplicate).code).toBe('IDEMPOTENCY_KEY_IN_USE');
      } finally {
        services.ordersProxy.release();
      }
      expect((await running).status).toBe(202);
      await expect(services.ordersPlacedBy(token)).resolves.toBe(1);
    });
  });
});
