import { randomBytes, randomUUID } from 'node:crypto';
import { envPrefix, OrderView, ProductPage, PSP_TEST_CARDS, SERVICES } from '@bazaar/contracts';
import { bearer, jsonHeaders, login, registerShopper, SHIPPING_ADDRESS } from '../support/api';
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
import { CollectedSpan, OtlpCollector } from '../support/otlp/otlp-collector';
import { E2E_ADMIN, RunningPlatform, startPlatform } from '../support/platform';

const SERVER = 2;
const CLIENT = 3;
const PRODUCER = 4;
const CONSUMER = 5;

/**
 * What an operator sees of one checkout, on one platform whose every service exports its spans over OTLP/HTTP to
 * a collector stand-in: the checkout as one trace across every process and transport, the trace ID beside the
 * request ID in the logs, and every metric the Grafana dashboards and Prometheus alerts read served by some
 * service (several series appear only on first use, hence after the checkout).
 */
describe('traces, logs and metrics of one checkout (e2e)', () => {
  let collector: OtlpCollector;
  let platform: RunningPlatform;
  let checkout: Checkout;

  beforeAll(async () => {
    collector = await OtlpCollector.start();
    platform = await startPlatform({
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint,
      // Batches leave every 100 ms rather than every 5 s: the test waits less.
      OTEL_BSP_SCHEDULE_DELAY: '100',
    });
    checkout = await checkoutOnce(platform);
  }, 120_000);

  afterAll(async () => {
    if (platform) await expect(platform.stop()).resolves.toBe(0);
    await collector?.stop();
  }, 60_000);

  describe('one trace across every hop', () => {
    it('links every span of the checkout to its parent, from the gateway to the notification', async () => {
      // Done when notifications has handled the confirmation the outbox relay published.
      const spans = await eventually(
        () => Promise.resolve(collector.trace(checkout.traceId)),
        (seen) => seen.some((span) => span.service === 'notifications' && span.name.startsWith('inbox ')),
        20_000,
        'the notification’s spans in the trace',
      );
      const byId = new Map(spans.map((span) => [span.spanId, span]));
      const parentOf = (span: CollectedSpan) => byId.get(span.parentSpanId);
      const find = (service: string, kind: number, name: RegExp) => {
        const span = spans.find((s) => s.service === service && s.kind === kind && name.test(s.name));
        if (!span) throw new Error(`no ${service} span ${name} (kind ${kind}) in:\n${listing(spans)}`);
        return span;
      };

      // Every service of the checkout took part.
      expect(new Set(spans.map((span) => span.service))).toEqual(
        new Set(['gateway', 'orders', 'catalog', 'inventory', 'payments', 'psp-sandbox', 'notifications']),
      );
      // Unbroken: the gateway's span is the child of the shopper's, every other span's parent is in the trace.
      const gateway = find('gateway', SERVER, /^POST \/api\/v1\/orders$/);
      expect(gateway.parentSpanId).toBe(checkout.clientSpanId);
      expect(
        spans.filter((span) => span !== gateway && !parentOf(span)).map((s) => `${s.service} ${s.name}`),
      ).toEqual([]);

      // Each hop: the receiving service's span is the child of the calling service's client or producer span.
      const hop = (server: CollectedSpan, callerService: string, callerKind: number) => {
        const parent = parentOf(server);
        expect({ service: parent?.service, kind: parent?.kind }).toEqual({
          service: callerService,
          kind: callerKind,
        });
      };
      hop(find('orders', SERVER, /^orders\./), 'gateway', CLIENT); // Nest TCP, the envelope's meta
      hop(find('inventory', SERVER, /^InventoryService\/Reserve$/), 'orders', CLIENT); // gRPC metadata
      hop(find('payments', SERVER, /^payments\./), 'orders', CLIENT); // Nest TCP (RabbitMQ in production)
      hop(find('psp-sandbox', SERVER, /^POST \/v1\/authorizations$/), 'payments', CLIENT); // HTTP
      const consumed = find('notifications', CONSUMER, /^consume orders\.order\.confirmed\.v1$/);
      hop(consumed, 'orders', PRODUCER); // the outbox row, then the pg-boss payload
      expect(parentOf(consumed)?.name).toBe('publish orders.order.confirmed.v1');

      // The saga's steps, its breaker-guarded payment calls, the outbox publish and the inbox handle.
      for (const step of ['saga reserve stock', 'saga authorize payment', 'saga capture and commit'])
        expect(spans.some((span) => span.service === 'orders' && span.name === step)).toBe(true);
      expect(spans.some((span) => span.service === 'payments' && span.name === 'breaker psp-sandbox')).toBe(
        true,
      );
      expect(spans.some((span) => span.service === 'notifications' && span.name.startsWith('inbox '))).toBe(
        true,
      );

      // The request ID and the trace ID on the same log lines, in every service of the trace.
      const lines = platform.output.filter((line) => line.includes(`"traceId":"${checkout.traceId}"`));
      expect(lines.some((line) => line.includes(`"requestId":"${checkout.requestId}"`))).toBe(true);
      const services = new Set(lines.map((line) => /"service":"([\w-]+)"/.exec(line)?.[1]));
      for (const service of ['gateway', 'orders', 'inventory', 'payments'])
        expect([...services]).toContain(service);
    });
  });

  describe('dashboards and alerts read metrics the services serve', () => {
    let served: Map<string, Set<string>>;

    beforeAll(async () => {
      served = new Map();
      for (const service of Object.keys(SERVICES)) {
        const port = platform.env[`${envPrefix(service)}_HTTP_PORT`];
        served.set(service, declaredMetrics(await scrape(`http://127.0.0.1:${port}`)));
      }
    });

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
});

interface Checkout {
  traceId: string;
  /** The span of the shopper's client: the parent of the gateway's. */
  clientSpanId: string;
  requestId: string | null;
}

/**
 * One confirmed order, in a trace the shopper's client started: its own `traceparent` on the checkout request.
 * The saga, outbox, event and breaker series exist from then on.
 */
async function checkoutOnce(platform: RunningPlatform): Promise<Checkout> {
  const api = `${platform.gatewayUrl}/api/v1`;
  const admin = (await login(platform.gatewayUrl, E2E_ADMIN.email, E2E_ADMIN.password)).accessToken;
  const [product] = ((await (await fetch(`${api}/products?limit=1`)).json()) as ProductPage).items;
  const stocked = await fetch(`${api}/inventory/${product.sku}`, {
    method: 'PUT',
    headers: jsonHeaders(admin),
    body: JSON.stringify({ setOnHand: 5, reason: 'observability e2e' }),
  });
  expect(stocked.status).toBe(200);
  const shopper = await registerShopper(platform.gatewayUrl, 'observability');
  const traceId = randomBytes(16).toString('hex');
  const clientSpanId = randomBytes(8).toString('hex');
  const placed = await fetch(`${api}/orders`, {
    method: 'POST',
    headers: {
      ...jsonHeaders(shopper),
      'idempotency-key': randomUUID(),
      traceparent: `00-${traceId}-${clientSpanId}-01`,
    },
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
      ((await (await fetch(`${api}/orders/${order.id}`, { headers: bearer(shopper) })).json()) as OrderView)
        .status,
    (status) => status === 'CONFIRMED',
    20_000,
    'the order to be confirmed',
  );
  return { traceId, clientSpanId, requestId: placed.headers.get('x-request-id') };
}

function listing(spans: CollectedSpan[]): string {
  return spans.map((s) => `  ${s.service} ${s.kind} ${s.name} ${s.spanId} <- ${s.parentSpanId}`).join('\n');
}
