import { randomBytes, randomUUID } from 'node:crypto';
import { OrderView, ProductPage } from '@bazaar/contracts';
import { bearer, jsonHeaders, login, registerShopper, SHIPPING_ADDRESS } from '../support/api';
import { eventually } from '../support/eventually';
import { CollectedSpan, OtlpCollector } from '../support/otlp/otlp-collector';
import { E2E_ADMIN, RunningPlatform, startPlatform } from '../support/platform';

const SERVER = 2;
const CLIENT = 3;
const PRODUCER = 4;
const CONSUMER = 5;

/**
 * One checkout, followed as one trace: every service a process of its own exporting over OTLP/HTTP to a collector
 * stand-in, the trace started by the shopper's own `traceparent`, carried over HTTP, Nest TCP (the envelope),
 * gRPC metadata, the outbox row and the pg-boss payload, into notifications.
 */
describe('tracing across every hop (e2e)', () => {
  let collector: OtlpCollector;
  let platform: RunningPlatform;
  let api: string;

  beforeAll(async () => {
    collector = await OtlpCollector.start();
    platform = await startPlatform({
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint,
      // Batches leave every 100 ms rather than every 5 s: the test waits less.
      OTEL_BSP_SCHEDULE_DELAY: '100',
    });
    api = `${platform.gatewayUrl}/api/v1`;
  }, 120_000);

  afterAll(async () => {
    if (platform) await expect(platform.stop()).resolves.toBe(0);
    await collector?.stop();
  }, 60_000);

  it('follows one checkout from the gateway to the notification as one trace, every parent linked', async () => {
    const admin = (await login(platform.gatewayUrl, E2E_ADMIN.email, E2E_ADMIN.password)).accessToken;
    const [product] = ((await (await fetch(`${api}/products?limit=1`)).json()) as ProductPage).items;
    const stocked = await fetch(`${api}/inventory/${product.sku}`, {
      method: 'PUT',
      headers: jsonHeaders(admin),
      body: JSON.stringify({ setOnHand: 5, reason: 'tracing e2e' }),
    });
    expect(stocked.status).toBe(200);
    const shopper = await registerShopper(platform.gatewayUrl, 'tracing');

    // The shopper's client starts the trace: its span is the parent of the gateway's.
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
        cardToken: 'tok_approved',
      }),
    });
    expect(placed.status).toBe(202);
    const order = (await placed.json()) as OrderView;
    const requestId = placed.headers.get('x-request-id');
    await eventually(
      async () =>
        ((await (await fetch(`${api}/orders/${order.id}`, { headers: bearer(shopper) })).json()) as OrderView)
          .status,
      (status) => status === 'CONFIRMED',
      20_000,
      'the order to be confirmed',
    );

    // Done when notifications has handled the confirmation the outbox relay published.
    const spans = await eventually(
      () => Promise.resolve(collector.trace(traceId)),
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
    expect(gateway.parentSpanId).toBe(clientSpanId);
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
    const lines = platform.output.filter((line) => line.includes(`"traceId":"${traceId}"`));
    expect(lines.some((line) => line.includes(`"requestId":"${requestId}"`))).toBe(true);
    const services = new Set(lines.map((line) => /"service":"([\w-]+)"/.exec(line)?.[1]));
    for (const service of ['gateway', 'orders', 'inventory', 'payments'])
      expect([...services]).toContain(service);
  });
});

function listing(spans: CollectedSpan[]): string {
  return spans.map((s) => `  ${s.service} ${s.kind} ${s.name} ${s.spanId} <- ${s.parentSpanId}`).join('\n');
}
