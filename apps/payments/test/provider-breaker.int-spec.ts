import { PAYMENTS_PATTERNS, PaymentPage, RpcErrorBody } from '@bazaar/contracts';
import { BootedService } from '../../../test/support/boot-service';
import { metricValue, scrape } from '../../../test/support/metrics';
import { bootPaymentsAgainstSandbox, PaymentsAgainstSandbox, Sandbox } from '../../../test/support/payments';

const RESET_MS = 1_000;

/**
 * The provider down: calls bounded in time, the breaker opening at its threshold, answering at once without
 * calling the provider while open, letting exactly one probe through after its reset timeout, closing on a
 * successful probe; and each transition in `/metrics` and in the readiness details.
 */
describe('payments when the card processor fails', () => {
  let sandbox: Sandbox;
  let booted: BootedService;
  let api: PaymentsAgainstSandbox['api'];
  let harness: PaymentsAgainstSandbox;

  beforeAll(async () => {
    harness = await bootPaymentsAgainstSandbox({
      PAYMENTS_PROVIDER_ATTEMPT_TIMEOUT_MS: '300',
      PAYMENTS_PROVIDER_TOTAL_TIMEOUT_MS: '300',
      PAYMENTS_PROVIDER_RETRIES: '0',
      PAYMENTS_BREAKER_VOLUME: '4',
      PAYMENTS_BREAKER_ERROR_PERCENT: '50',
      PAYMENTS_BREAKER_WINDOW_MS: '30000',
      PAYMENTS_BREAKER_BUCKETS: '10',
      PAYMENTS_BREAKER_RESET_MS: String(RESET_MS),
    });
    ({ sandbox, booted, api } = harness);
  });

  afterAll(async () => {
    await harness?.close();
  });

  const unavailable = async () => {
    const error = await api.failure(PAYMENTS_PATTERNS.authorize, api.authorizeRequest());
    expect(error.code).toBe('PAYMENT_PROVIDER_UNAVAILABLE');
    return error as RpcErrorBody & { details: { breakerOpen: boolean; reason: string } };
  };
  const breaker = async () => {
    const text = await scrape(booted.ops);
    const events = (event: string) =>
      metricValue(text, 'circuit_breaker_events_total', { breaker: 'psp-sandbox', event });
    return {
      state: metricValue(text, 'circuit_breaker_state', { breaker: 'psp-sandbox' }),
      opened: events('open'),
      halfOpened: events('half_open'),
      closed: events('close'),
      rejected: events('reject'),
    };
  };
  const readiness = async () => {
    const response = await fetch(`${booted.ops}/health/ready`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('opens after the threshold, fails fast without calling the provider, probes once, closes on success', async () => {
    await sandbox.faults({ outage: 'reset' });
    // Four failures: the minimum volume, every one a failure. The fourth opens the breaker.
    for (let i = 0; i < 4; i++) {
      expect((await unavailable()).details.breakerOpen).toBe(false);
    }
    expect(await breaker()).toMatchObject({ state: 2, opened: 1 });
    const ready = await readiness();
    expect(ready.status).toBe(200);
    expect(JSON.stringify(ready.body)).toContain('"psp-sandbox":"open"');

    // Open: answered at once, the provider never reached, the refusal kept as an attempt.
    const before = await sandbox.requestsReceived();
    const request = api.authorizeRequest();
    const refused = (await api.failure(PAYMENTS_PATTERNS.authorize, request)) as RpcErrorBody & {
      details: { breakerOpen: boolean };
    };
    expect(refused).toMatchObject({ code: 'PAYMENT_PROVIDER_UNAVAILABLE', details: { breakerOpen: true } });
    for (let i = 0; i < 9; i++) expect((await unavailable()).details.breakerOpen).toBe(true);
    expect(await sandbox.requestsReceived()).toBe(before);
    // A new payment refused while open leaves nothing behind: the caller retries with the same key later.
    await expect(
      booted.call<PaymentPage>(PAYMENTS_PATTERNS.list, { orderId: request.orderId }),
    ).resolves.toEqual({
      items: [],
      nextCursor: null,
    });
    expect((await breaker()).rejected).toBe(10);

    // Half-open with the provider hanging: of five calls at once, exactly one reaches it; it times out, reopens.
    await sandbox.faults({ outage: 'hang' });
    await sleep(RESET_MS + 100);
    const probing = await sandbox.requestsReceived();
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => unavailable()));
    expect(await sandbox.requestsReceived()).toBe(probing + 1);
    expect(answers.filter((answer) => !answer.details.breakerOpen)).toHaveLength(1);
    expect(await breaker()).toMatchObject({ state: 2, opened: 2, halfOpened: 1, closed: 0 });

    // Half-open again with the provider back: the probe succeeds and the breaker closes.
    await sandbox.healthy();
    await sleep(RESET_MS + 100);
    await expect(api.authorize()).resolves.toMatchObject({ status: 'AUTHORIZED' });
    expect(await breaker()).toMatchObject({ state: 0, opened: 2, halfOpened: 2, closed: 1 });
    await expect(api.authorize()).resolves.toMatchObject({ status: 'AUTHORIZED' });
    expect(JSON.stringify((await readiness()).body)).toContain('"psp-sandbox":"closed"');
  });

  it('keeps every call within its time bound while the provider hangs', async () => {
    await sandbox.faults({ outage: 'hang' });
    try {
      const request = api.authorizeRequest();
      const error = (await api.failure(PAYMENTS_PATTERNS.authorize, request)) as RpcErrorBody & {
        details: { reason: string };
      };
      // Cut off at the policy's 300 ms, not waited out (the sandbox holds the request for 5 s).
      expect(error.details.reason).toMatch(/did not answer within 300 ms/);
      const [pending] = (await booted.call<PaymentPage>(PAYMENTS_PATTERNS.list, { orderId: request.orderId }))
        .items;
      expect(pending.attempts).toMatchObject([{ outcome: 'timeout', httpStatus: null }]);
      expect(pending.attempts[0].latencyMs).toBeLessThan(5_000);
    } finally {
      await sandbox.healthy();
    }
  });
});
