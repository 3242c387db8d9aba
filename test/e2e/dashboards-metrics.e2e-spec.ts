import { randomUUID } from 'node:crypto';
import { OrderView, ProductPage, PSP_TEST_CARDS, SERVICES, envPrefix } from '@bazaar/contracts';
import { jsonHeaders, login, registerShopper, SHIPPING_ADDRESS } from '../support/api';
import { eventually } from '../support/eventually';
import { scrape } from '../support/metrics';
import {
  dashboardExpressions,
  declaredMetrics,
  Expression,
  metricNamesIn,
  ruleExpressions,
  SCRAPE_SERIES,
} from '../support/monitoring';
import { E2E_ADMIN, RunningPlatform, startPlatform } from '../support/platform';

/**
 * The Grafana dashboards and the Prometheus alerts read only metrics the services serve: every metric name in
 * their PromQL is declared on some service's `/metrics` once the platform has served a checkout (several series
 * appear only on first use). A renamed metric fails here, not as an empty panel or an alert that never fires.
 */
describe('dashboards and alerts read metrics the services serve (e2e)', () => {
  let platform: RunningPlatform;
  let served: Map<string, Set<string>>;

  beforeAll(async () => {
    platform = await startPlatform();
    await checkoutOnce(platform);
    served = new Map();
    for (const service of Object.keys(SERVICES)) {
      const port = platform.env[`${envPrefix(service)}_HTTP_PORT`];
      served.set(service, declaredMetrics(await scrape(`http://127.0.0.1:${port}`)));
    }
  }, 120_000);

  afterAll(async () => {
    if (platform) await expect(platform.stop()).resolves.toBe(0);
  }, 60_000);

  const missingIn = (expressions: Expression[]) => {
    const missing: string[] = [];
    for (const { source, expr } of expressions)
      for (const name of metricNamesIn(expr))
        if (!SCRAPE_SERIES.has(name) && ![...served.values()].some((names) => names.has(name)))
          missing.push(`${name} (${source})`);
    return missing;
  };

  it('finds every service serving its metrics, with the checkout counted', () => {
    expect([...served.keys()].sort()).toEqual(Object.keys(SERVICES).sort());
    for (const [service, names] of served)
      expect({ service, http: names.has('http_request_duration_seconds_bucket') }).toEqual({
        service,
        http: true,
      });
    expect(served.get('orders')?.has('saga_settle_duration_seconds_bucket')).toBe(true);
  });

  it('has every metric of the alert rules', () => {
    const expressions = ruleExpressions();
    expect(expressions.length).toBeGreaterThanOrEqual(10);
    expect(missingIn(expressions)).toEqual([]);
  });

  it('has every metric of the dashboards', () => {
    const expressions = dashboardExpressions();
    expect(expressions.length).toBeGreaterThanOrEqual(40);
    expect(missingIn(expressions)).toEqual([]);
  });
});

/** One confirmed order: the saga, outbox, event and breaker series exist from then on. */
async function checkoutOnce(platform: RunningPlatform): Promise<void> {
  const api = `${platform.gatewayUrl}/api/v1`;
  const admin = (await login(platform.gatewayUrl, E2E_ADMIN.email, E2E_ADMIN.password)).accessToken;
  const [product] = ((await (await fetch(`${api}/products?limit=1`)).json()) as ProductPage).items;
  const stocked = await fetch(`${api}/inventory/${product.sku}`, {
    method: 'PUT',
    headers: jsonHeaders(admin),
    body: JSON.stringify({ setOnHand: 5, reason: 'dashboards e2e' }),
  });
  expect(stocked.status).toBe(200);
  const shopper = await registerShopper(platform.gatewayUrl, 'dashboards');
  const placed = await fetch(`${api}/orders`, {
    method: 'POST',
    headers: { ...jsonHeaders(shopper), 'idempotency-key': randomUUID() },
    body: JSON.stringify({
      lines: [{ productId: product.id, quantity: 1 }],
      shippingAddress: SHIPPING_ADDRESS,
      cardToken: PSP_TEST_CARDS.approved,
    }),
  });
  expect(placed.status).toBe(202);
  const order = (await placed.json()) as OrderView;
  await eventually(
    async () =>
      (
        (await (
          await fetch(`${api}/orders/${order.id}`, { headers: jsonHeaders(shopper) })
        ).json()) as OrderView
      ).status,
    (status) => status === 'CONFIRMED',
    20_000,
    'the order to be confirmed',
  );
}
