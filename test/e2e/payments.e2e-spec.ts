import { randomUUID } from 'node:crypto';
import { ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import {
  AuthorizePaymentRequest,
  BreakersReply,
  PaymentPage,
  PAYMENTS_PATTERNS,
  PaymentView,
  PSP_TEST_CARDS,
} from '@bazaar/contracts';
import { bearer, jsonHeaders, login, problemOf, registerShopper } from '../support/api';
import { metricValue } from '../support/metrics';
import { E2E_ADMIN, RunningPlatform, startPlatform } from '../support/platform';

/**
 * Payments in the launched platform: payments calls psp-sandbox as a separate process, administrators see payments
 * and the breaker through the gateway, and the breaker's state is in payments' `/metrics`. Payments are made over
 * payments' own transport, as the orders saga makes them.
 */
describe('payments through the launched platform (e2e)', () => {
  let platform: RunningPlatform;
  let api: string;
  let adminToken: string;
  let shopperToken: string;
  let payments: ClientProxy;

  beforeAll(async () => {
    platform = await startPlatform({
      PAYMENTS_PROVIDER_RETRIES: '0',
      PAYMENTS_PROVIDER_ATTEMPT_TIMEOUT_MS: '500',
      PAYMENTS_PROVIDER_TOTAL_TIMEOUT_MS: '500',
      PAYMENTS_BREAKER_VOLUME: '2',
      PAYMENTS_BREAKER_RESET_MS: '600000',
    });
    api = `${platform.gatewayUrl}/api/v1`;
    adminToken = (await login(platform.gatewayUrl, E2E_ADMIN.email, E2E_ADMIN.password)).accessToken;
    shopperToken = await registerShopper(platform.gatewayUrl);
    payments = ClientProxyFactory.create({
      transport: Transport.TCP,
      options: { host: '127.0.0.1', port: Number(platform.env.PAYMENTS_RPC_PORT) },
    });
  }, 120_000);

  afterAll(async () => {
    await payments?.close();
    if (platform) await expect(platform.stop()).resolves.toBe(0);
  }, 60_000);

  const authorize = (overrides: Partial<AuthorizePaymentRequest> = {}) => {
    const orderId = `order-${randomUUID()}`;
    const data: AuthorizePaymentRequest = {
      orderId,
      amount: 1_999,
      currency: 'EUR',
      cardToken: PSP_TEST_CARDS.approved,
      idempotencyKey: `${orderId}:authorize`,
      ...overrides,
    };
    return lastValueFrom(
      payments.send<PaymentView>(PAYMENTS_PATTERNS.authorize, { meta: { requestId: randomUUID() }, data }),
    );
  };
  const admin = (path: string) => fetch(`${api}/admin/payments${path}`, { headers: bearer(adminToken) });
  const paymentsMetrics = async () =>
    (await fetch(`http://127.0.0.1:${platform.env.PAYMENTS_HTTP_PORT}/metrics`)).text();

  it("shows an order's payments, with each call to the processor, to administrators only", async () => {
    const payment = await authorize();
    expect(payment.status).toBe('AUTHORIZED');

    const page = (await (await admin(`?orderId=${payment.orderId}`)).json()) as PaymentPage;
    expect(page).toEqual({ items: [payment], nextCursor: null });
    expect(page.items[0].attempts).toMatchObject([
      { operation: 'authorize', outcome: 'approved', httpStatus: 201 },
    ]);
    await expect((await admin(`/${payment.id}`)).json()).resolves.toEqual(payment);

    const asShopper = await fetch(`${api}/admin/payments`, { headers: bearer(shopperToken) });
    expect(asShopper.status).toBe(403);
    expect((await problemOf(asShopper)).code).toBe('FORBIDDEN');
    expect((await fetch(`${api}/admin/payments/breakers`)).status).toBe(401);
  });

  it('refuses bad filters and unknown payments with problem+json', async () => {
    const badStatus = await admin('?status=LOST');
    expect(badStatus.status).toBe(400);
    expect((await problemOf(badStatus)).errors).toEqual([
      { field: 'status', messages: [expect.any(String)] },
    ]);
    expect((await admin('/not-a-uuid')).status).toBe(400);
    const unknown = await admin(`/${randomUUID()}`);
    expect(unknown.status).toBe(404);
    expect((await problemOf(unknown)).code).toBe('PAYMENT_NOT_FOUND');
  });

  it('opens the breaker when the processor is down: visible to admins and in /metrics, answered at once', async () => {
    const closed = (await (await admin('/breakers')).json()) as BreakersReply;
    expect(closed.breakers).toEqual([expect.objectContaining({ name: 'psp-sandbox', state: 'closed' })]);
    expect(metricValue(await paymentsMetrics(), 'circuit_breaker_state', { breaker: 'psp-sandbox' })).toBe(0);

    const faults = await fetch(`http://127.0.0.1:${platform.env.PSP_SANDBOX_HTTP_PORT}/v1/sandbox/faults`, {
      method: 'PUT',
      headers: jsonHeaders(),
      body: JSON.stringify({ outage: 'reset' }),
    });
    expect(faults.status).toBe(200);
    for (let i = 0; i < 2; i++) {
      await expect(authorize()).rejects.toMatchObject({ code: 'PAYMENT_PROVIDER_UNAVAILABLE' });
    }
    await expect(authorize()).rejects.toMatchObject({
      code: 'PAYMENT_PROVIDER_UNAVAILABLE',
      details: { breakerOpen: true },
    });

    const open = (await (await admin('/breakers')).json()) as BreakersReply;
    expect(open.breakers).toEqual([
      expect.objectContaining({
        name: 'psp-sandbox',
        state: 'open',
        openedAt: expect.any(String),
        probeAt: expect.any(String),
      }),
    ]);
    const metrics = await paymentsMetrics();
    expect(metricValue(metrics, 'circuit_breaker_state', { breaker: 'psp-sandbox' })).toBe(2);
    expect(
      metricValue(metrics, 'circuit_breaker_events_total', { breaker: 'psp-sandbox', event: 'open' }),
    ).toBe(1);
    // Open is not unready: payments answers, fast.
    expect((await fetch(`http://127.0.0.1:${platform.env.PAYMENTS_HTTP_PORT}/health/ready`)).status).toBe(
      200,
    );
  });
});
