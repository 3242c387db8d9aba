import { randomUUID } from 'node:crypto';
import { OrderView, ProductPage, ProductView, PSP_TEST_CARDS } from '@bazaar/contracts';
import { jsonHeaders, login, registerShopper, SHIPPING_ADDRESS } from '../support/api';
import { eventually } from '../support/eventually';
import {
  crashedAt,
  orderOf,
  ordersEnv,
  reconcile,
  sandboxFaults,
  secondInstancePorts,
  SETTLED,
  startOrders,
} from '../support/orders-instances';
import { E2E_ADMIN, isAlive, RunningPlatform, startPlatform, waitFor, WatchedApp } from '../support/platform';

/** Short leases, so a killed instance's sagas are taken over within seconds; calls bounded below them. */
const SAGA_ENV = {
  ORDERS_SAGA_LEASE_MS: '3000',
  ORDERS_PAYMENTS_TIMEOUT_MS: '2500',
  PAYMENTS_PROVIDER_TOTAL_TIMEOUT_MS: '2000',
  ORDERS_SAGA_POLL_MS: '200',
  ORDERS_SAGA_RETRY_BASE_MS: '100',
  ORDERS_SAGA_RETRY_MAX_MS: '1000',
};

/**
 * Orders killed with SIGKILL — no shutdown hook, no flush — at every step boundary of its saga (the test-only
 * ORDERS_TEST_CRASH_AT), and at random moments while two instances serve a stream of checkouts with a slow
 * provider. After each run settles, `npm run reconcile` proves orders, inventory and the provider's ledger agree.
 */
describe('checkout survives orders being killed (e2e)', () => {
  let platform: RunningPlatform;
  let env: NodeJS.ProcessEnv;
  let adminToken: string;
  const running = new Set<WatchedApp>();

  const start = async (extra: NodeJS.ProcessEnv = {}) => {
    const app = await startOrders(env, extra);
    running.add(app);
    return app;
  };

  beforeAll(async () => {
    platform = await startPlatform(SAGA_ENV);
    adminToken = (await login(platform.gatewayUrl, E2E_ADMIN.email, E2E_ADMIN.password)).accessToken;
    env = await ordersEnv(platform);
    // From here on the test runs orders itself, to kill and restart it.
    process.kill(platform.pids.orders, 'SIGTERM');
    await waitFor('the launcher’s orders to stop', () => Promise.resolve(!isAlive(platform.pids.orders)));
  }, 120_000);

  afterAll(async () => {
    await Promise.all([...running].map((app) => app.stop()));
    if (platform) await platform.stop();
  }, 60_000);

  /** POST /orders until it is answered 202, with one key: a checkout that reached a dead orders is sent again. */
  const place = async (token: string, body: object): Promise<OrderView> => {
    const key = randomUUID();
    return eventually(
      async () => {
        const response = await fetch(`${platform.gatewayUrl}/api/v1/orders`, {
          method: 'POST',
          headers: { ...jsonHeaders(token), 'idempotency-key': key },
          body: JSON.stringify(body),
        });
        if (response.status === 202) return (await response.json()) as OrderView;
        if (response.status < 500)
          throw new Error(`checkout answered ${response.status}: ${await response.text()}`);
        return undefined;
      },
      (order) => order !== undefined,
      60_000,
      'the checkout to be accepted',
    ) as Promise<OrderView>;
  };

  const settled = (token: string, id: string, timeoutMs = 60_000) =>
    eventually(
      () => orderOf(platform, token, id).catch(() => undefined),
      (order) => order !== undefined && SETTLED.has(order.status),
      timeoutMs,
      `order ${id} to settle`,
    ) as Promise<OrderView>;

  const stockUp = async (product: ProductView, onHand: number) => {
    const response = await fetch(`${platform.gatewayUrl}/api/v1/inventory/${product.sku}`, {
      method: 'PUT',
      headers: jsonHeaders(adminToken),
      body: JSON.stringify({ setOnHand: onHand, reason: 'crash e2e' }),
    });
    expect(response.status).toBe(200);
  };

  const onHandOf = async (sku: string) =>
    (await (
      await fetch(`${platform.gatewayUrl}/api/v1/inventory/${sku}`, { headers: jsonHeaders(adminToken) })
    ).json()) as {
      onHand: number;
      reserved: number;
    };

  const products = async (count: number): Promise<ProductView[]> =>
    ((await (await fetch(`${platform.gatewayUrl}/api/v1/products?limit=${count}`)).json()) as ProductPage)
      .items;

  /**
   * One order through a chain of instances, each armed at the next boundary: the order crashes each of them in
   * turn (the one that took it over from the last), and the unarmed last one finishes it.
   */
  const crashChain = async (points: string[], cardToken: string, expected: string) => {
    const [product] = await products(1);
    await stockUp(product, 50);
    const shopper = await registerShopper(platform.gatewayUrl, 'crash');
    let orders = await start({ ORDERS_TEST_CRASH_AT: points[0] });
    const placed = place(shopper, {
      lines: [{ productId: product.id, quantity: 2 }],
      shippingAddress: SHIPPING_ADDRESS,
      cardToken,
    });
    const seen: string[] = [];
    let orderId: string | undefined;
    // Should a crash not come, say where the order is.
    const whereIsIt = async (error: Error): Promise<never> => {
      const settledPlace = await Promise.race([placed, sleep(1_000).then(() => undefined)]);
      const now = settledPlace && (await orderOf(platform, shopper, settledPlace.id).catch(String));
      throw new Error(`${error.message}\nthe order: ${JSON.stringify(now ?? 'not placed')}`);
    };
    for (const index of points.keys()) {
      const crash = await crashedAt(orders).catch(whereIsIt);
      running.delete(orders);
      orderId ??= crash.orderId;
      expect(crash.orderId).toBe(orderId);
      seen.push(crash.point);
      orders = await start(index + 1 < points.length ? { ORDERS_TEST_CRASH_AT: points[index + 1] } : {});
    }
    expect(seen).toEqual(points);
    expect((await placed).id).toBe(orderId);
    const order = await settled(shopper, orderId as string);
    expect(order.status).toBe(expected);
    await orders.stop();
    running.delete(orders);
    return order;
  };

  it('confirms an order killed at every forward step boundary, one after the other', async () => {
    const order = await crashChain(
      [
        'before-reserve',
        'after-reserve',
        'stock-reserved-written',
        'after-authorize',
        'payment-authorized-written',
        'after-capture',
        'after-commit',
      ],
      PSP_TEST_CARDS.approved,
      'CONFIRMED',
    );
    // Each step once in the timeline, however many instances ran it.
    const timeline = (order.steps ?? []).map((step) => `${step.step}:${step.outcome}`);
    const counted = (entry: string) => timeline.filter((seen) => seen === entry).length;
    for (const entry of [
      'release-stock:planned',
      'reserve-stock:succeeded',
      'void-payment:planned',
      'authorize-payment:succeeded',
      'capture-payment:succeeded',
      'commit-stock:succeeded',
    ]) {
      expect(`${entry} ${counted(entry)}`).toBe(`${entry} 1`);
    }
    const check = await reconcile(platform);
    expect(check).toMatchObject({ code: 0 });
    expect(check.output).toContain('reconciled: no findings');
  }, 240_000);

  it('cancels a declined order killed after each of its compensations', async () => {
    await crashChain(['after-void', 'after-release'], PSP_TEST_CARDS.declined, 'CANCELLED');
    const check = await reconcile(platform);
    expect(check).toMatchObject({ code: 0 });
  }, 180_000);

  it.each([1, 2])(
    'settles 200 checkouts consistently while %i instance(s) are killed at random and restarted',
    async (instanceCount) => {
      const catalog = await products(4);
      // Three plentiful products and one that runs out: the stream has confirmations, rejections and declines.
      for (const [index, product] of catalog.entries()) await stockUp(product, index === 3 ? 12 : 2_000);
      const before = new Map(
        await Promise.all(catalog.map(async (p) => [p.sku, (await onHandOf(p.sku)).onHand] as const)),
      );
      await sandboxFaults(platform, { latencyMs: 20, latencyJitterMs: 80 });
      // The first on the ports the gateway calls; a second only shares the sagas (the resume loop).
      const instances: Array<{ extra: NodeJS.ProcessEnv; app: WatchedApp }> = [
        { extra: {}, app: await start() },
      ];
      if (instanceCount === 2) {
        const second = await secondInstancePorts();
        instances.push({ extra: second, app: await start(second) });
      }
      const shoppers = await Promise.all(
        Array.from({ length: 8 }, () => registerShopper(platform.gatewayUrl, 'stream')),
      );

      let streaming = true;
      let kills = 0;
      const killer = (async () => {
        for (let victim = 0; streaming; victim = (victim + 1) % instances.length) {
          await sleep(1_500 + Math.random() * 2_500);
          if (!streaming) break;
          const instance = instances[victim];
          await instance.app.stop('SIGKILL');
          running.delete(instance.app);
          kills += 1;
          await sleep(300 + Math.random() * 1_000);
          instance.app = await start(instance.extra);
        }
      })();

      const placedOrders: Array<{ token: string; order: OrderView }> = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: 8 }, async (_, worker) => {
          while (next < 200) {
            next += 1;
            const lines = catalog
              .filter(() => Math.random() < 0.5)
              .slice(0, 2)
              .map((product) => ({ productId: product.id, quantity: 1 + Math.floor(Math.random() * 2) }));
            if (lines.length === 0) lines.push({ productId: catalog[worker % 4].id, quantity: 1 });
            const cardToken = Math.random() < 0.15 ? PSP_TEST_CARDS.declined : PSP_TEST_CARDS.approved;
            const token = shoppers[worker];
            placedOrders.push({
              token,
              order: await place(token, { lines, shippingAddress: SHIPPING_ADDRESS, cardToken }),
            });
          }
        }),
      );
      // One at a time: most have settled by now, and 200 pollers would load the machine they wait on.
      const finals: OrderView[] = [];
      for (const { token, order } of placedOrders) finals.push(await settled(token, order.id, 120_000));
      streaming = false;
      await killer;

      expect(finals).toHaveLength(200);
      expect(new Set(finals.map((order) => order.id)).size).toBe(200);
      expect(kills).toBeGreaterThanOrEqual(2);
      const count = (status: string) => finals.filter((order) => order.status === status).length;
      expect(count('CONFIRMED')).toBeGreaterThan(0);
      expect(count('CANCELLED')).toBeGreaterThan(0);
      expect(count('COMPENSATION_FAILED')).toBe(0);
      expect(count('CONFIRMED') + count('CANCELLED') + count('REJECTED')).toBe(200);

      // What was sold is what left the shelves, and nothing is held any more.
      for (const product of catalog) {
        const sold = finals
          .filter((order) => order.status === 'CONFIRMED')
          .flatMap((order) => order.lines)
          .filter((line) => line.productId === product.id)
          .reduce((sum, line) => sum + line.quantity, 0);
        const now = await onHandOf(product.sku);
        expect({ sku: product.sku, onHand: now.onHand, reserved: now.reserved }).toEqual({
          sku: product.sku,
          onHand: (before.get(product.sku) as number) - sold,
          reserved: 0,
        });
      }
      const check = await reconcile(platform);
      expect(check.output).toContain('reconciled: no findings');
      expect(check.code).toBe(0);
      await sandboxFaults(platform, { latencyMs: 0, latencyJitterMs: 0 });
      for (const { app } of instances) {
        await app.stop();
        running.delete(app);
      }
    },
    420_000,
  );
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
