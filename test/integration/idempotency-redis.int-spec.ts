import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { OrderView } from '@bazaar/contracts';
import { registerShopper } from '../support/api';
import { BootedGateway, bootGateway } from '../support/boot-gateway';
import { bootCheckoutServices, CheckoutServices } from '../support/checkout-services';
import { eventually } from '../support/eventually';
import { Answer, checkoutOf, expectReplayOf, post, problem } from '../support/idempotent-post';
import { describeIf, serverNamedBy } from '../support/skip';

const REDIS_URL = process.env.REDIS_URL;
const redis = serverNamedBy('REDIS_URL', 6379);
const suite = describeIf(redis.ok, redis.missing);

/**
 * Idempotency-Key kept in Redis (`REDIS_URL`), shared by several gateway instances in front of the real services
 * (in-process, each on its real transport and database; orders behind a proxy that can hold its requests).
 */
suite('Idempotency-Key shared by gateway instances through Redis (integration)', () => {
  const prefix = `bazaar-test:idempotency:${randomUUID()}`;
  const ttlMs = 60_000;
  let services: CheckoutServices;
  let first: BootedGateway;
  let second: BootedGateway;
  let client: Redis;

  const gatewayEnv = (extra: Record<string, string> = {}) => ({
    ...services.gatewayEnv,
    REDIS_URL: REDIS_URL!,
    IDEMPOTENCY_KEY_PREFIX: prefix,
    GATEWAY_IDEMPOTENCY_TTL_MS: String(ttlMs),
    // Counters of their own: the server's may hold other runs' registrations from this address.
    RATE_LIMIT_KEY_PREFIX: `${prefix}:rate`,
    ...extra,
  });
  const recordsOf = (key: string) => client.keys(`${prefix}:*:${key}`);

  beforeAll(async () => {
    services = await bootCheckoutServices();
    first = await bootGateway(gatewayEnv());
    second = await bootGateway(gatewayEnv());
    client = new Redis(REDIS_URL!);
  }, 120_000);

  afterAll(async () => {
    services?.ordersProxy.release();
    const keys = await client?.keys(`${prefix}:*`);
    if (keys?.length) await client.del(...keys);
    await client?.quit();
    await first?.close();
    await second?.close();
    await services?.close();
  });

  /** Sends a checkout through `gateway` while orders holds it; resolves once it has reached orders. */
  async function heldCheckout(
    gateway: BootedGateway,
    token: string,
    body: unknown,
    key: string,
  ): Promise<{ answer: Promise<Answer> }> {
    services.ordersProxy.hold();
    const answer = post(`${gateway.url}/api/v1/orders`, token, body, key);
    await eventually(
      () => Promise.resolve(services.ordersProxy.heldChunks),
      (held) => held > 0,
      10_000,
      'the first checkout to reach orders',
    );
    // Wrapped: returned bare, the promise of the answer would be awaited along with this one.
    return { answer };
  }

  it('replays on one instance the answer another gave, and keeps it for the configured time', async () => {
    const token = await registerShopper(first.url, 'redis-replay');
    const product = await services.productWithStock(5);
    const key = randomUUID();
    const answered = await post(`${first.url}/api/v1/orders`, token, checkoutOf(product.id), key);
    expect(answered.status).toBe(202);
    expectReplayOf(await post(`${second.url}/api/v1/orders`, token, checkoutOf(product.id), key), answered);
    await expect(services.ordersPlacedBy(token)).resolves.toBe(1);

    const [stored] = await recordsOf(key);
    const ttl = await client.pttl(stored);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(ttlMs);
  });

  it('answers 409 on one instance while the first request runs on another', async () => {
    const token = await registerShopper(first.url, 'redis-inflight');
    const product = await services.productWithStock(5);
    const key = randomUUID();
    let running: { answer: Promise<Answer> };
    try {
      running = await heldCheckout(first, token, checkoutOf(product.id), key);
      const duplicate = await post(`${second.url}/api/v1/orders`, token, checkoutOf(product.id), key);
      expect(duplicate.status).toBe(409);
      expect(problem(duplicate).code).toBe('IDEMPOTENCY_KEY_IN_USE');
    } finally {
      services.ordersProxy.release();
    }
    expect((await running.answer).status).toBe(202);
    await expect(services.ordersPlacedBy(token)).resolves.toBe(1);
  });

  it('frees the key of a request that never finished once its marker expires; orders still places one order', async () => {
    // A gateway whose in-flight markers live 1 s: its request outlives its marker, as a crashed instance's does.
    const shortLock = await bootGateway(
      gatewayEnv({ GATEWAY_IDEMPOTENCY_LOCK_MS: '1000', RPC_TIMEOUT_MS: '15000' }),
    );
    try {
      const token = await registerShopper(first.url, 'redis-expiry');
      const product = await services.productWithStock(5);
      const key = randomUUID();
      let stuck: { answer: Promise<Answer> };
      try {
        stuck = await heldCheckout(shortLock, token, checkoutOf(product.id), key);
        expect(await recordsOf(key)).toHaveLength(1);
        await eventually(
          () => recordsOf(key),
          (records) => records.length === 0,
          10_000,
          'the marker to expire',
        );
      } finally {
        services.ordersProxy.release();
      }
      const late = await stuck.answer;
      expect(late.status).toBe(202);
      // Its marker was gone, so its answer was not kept: the retry runs, and orders' own dedupe answers the order.
      const retried = await post(`${second.url}/api/v1/orders`, token, checkoutOf(product.id), key);
      expect(retried.status).toBe(202);
      expect(retried.headers.get('idempotent-replayed')).toBeNull();
      expect((JSON.parse(retried.text) as OrderView).id).toBe((JSON.parse(late.text) as OrderView).id);
      await expect(services.ordersPlacedBy(token)).resolves.toBe(1);
    } finally {
      await shortLock.close();
    }
  });
});
