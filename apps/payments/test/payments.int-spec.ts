import {
  PAYMENTS_EVENTS,
  PAYMENTS_PATTERNS,
  PaymentPage,
  PLATFORM_PATTERNS,
  PSP_TEST_CARDS,
} from '@bazaar/contracts';
import { BootedService } from '../../../test/support/boot-service';
import { eventually } from '../../../test/support/eventually';
import { bootPaymentsAgainstSandbox, PaymentsAgainstSandbox, Sandbox } from '../../../test/support/payments';
import { queryDatabase } from '../../../test/support/test-database';

/**
 * payments in-process on its real transport, over a fresh migrated database, calling the real psp-sandbox on
 * loopback: the domain rules, the idempotency of every operation, and each way the provider answers or fails.
 */
describe('payments against the sandbox card processor', () => {
  let sandbox: Sandbox;
  let booted: BootedService;
  let api: PaymentsAgainstSandbox['api'];
  let harness: PaymentsAgainstSandbox;

  beforeAll(async () => {
    harness = await bootPaymentsAgainstSandbox({
      PAYMENTS_PROVIDER_ATTEMPT_TIMEOUT_MS: '1000',
      PAYMENTS_PROVIDER_RETRIES: '2',
      PAYMENTS_PROVIDER_RETRY_BASE_DELAY_MS: '20',
      PAYMENTS_PROVIDER_RETRY_MAX_DELAY_MS: '100',
      PAYMENTS_PROVIDER_TOTAL_TIMEOUT_MS: '4000',
      PAYMENTS_MAX_AMOUNT: '500000',
      // This suite's failures are few and scattered: the breaker stays closed (the next suite opens it).
      PAYMENTS_BREAKER_VOLUME: '1000',
    });
    ({ sandbox, booted, api } = harness);
  });

  afterAll(async () => {
    await harness?.close();
  });

  afterEach(() => sandbox.healthy());

  const eventsOf = async (paymentId: string) =>
    (
      await queryDatabase<{ type: string; payload: Record<string, unknown> }>(
        booted.database.url,
        `SELECT type, envelope->'payload' AS payload FROM outbox WHERE aggregate_id = $1 ORDER BY seq`,
        [paymentId],
      )
    ).map((row) => ({ type: row.type, payload: row.payload }));

  it('answers the platform ping', async () => {
    await expect(booted.call(PLATFORM_PATTERNS.ping, {})).resolves.toEqual({ service: 'payments', ok: true });
  });

  it('authorizes an approved card once, keeps the attempt and records the event', async () => {
    const request = api.authorizeRequest();
    const payment = await booted.call<{ id: string }>(PAYMENTS_PATTERNS.authorize, request);
    expect(payment).toMatchObject({
      orderId: request.orderId,
      status: 'AUTHORIZED',
      amount: 4_200,
      currency: 'EUR',
      capturedAmount: 0,
      cardLast4: 'oved',
      providerReference: expect.any(String),
      attempts: [{ operation: 'authorize', attempt: 1, outcome: 'approved', httpStatus: 201 }],
    });
    expect(payment).not.toHaveProperty('cardToken');
    // The same key answers the same payment, without a second provider call.
    const before = await sandbox.requestsReceived();
    await expect(booted.call(PAYMENTS_PATTERNS.authorize, request)).resolves.toEqual(payment);
    expect(await sandbox.requestsReceived()).toBe(before);
    expect(await sandbox.chargesFor(request.orderId)).toHaveLength(1);
    expect(await eventsOf(payment.id)).toEqual([
      {
        type: PAYMENTS_EVENTS.paymentAuthorized.type,
        payload: expect.objectContaining({ paymentId: payment.id, orderId: request.orderId, amount: 4_200 }),
      },
    ]);
  });

  it('takes a decline as the answer: no retry, DECLINED with the reason, a failed event', async () => {
    const payment = await api.authorize({ cardToken: PSP_TEST_CARDS.insufficientFunds });
    expect(payment).toMatchObject({
      status: 'DECLINED',
      declineCode: 'CARD_INSUFFICIENT_FUNDS',
      providerReference: null,
      attempts: [{ attempt: 1, outcome: 'declined', httpStatus: 402 }],
    });
    expect(await eventsOf(payment.id)).toEqual([
      {
        type: PAYMENTS_EVENTS.paymentFailed.type,
        payload: expect.objectContaining({ reason: 'CARD_INSUFFICIENT_FUNDS' }),
      },
    ]);
  });

  it('retries a 500 with the same key and charges once', async () => {
    const payment = await api.authorize({ cardToken: PSP_TEST_CARDS.failOnce });
    expect(payment).toMatchObject({
      status: 'AUTHORIZED',
      attempts: [
        { attempt: 1, outcome: 'error', httpStatus: 500 },
        { attempt: 2, outcome: 'approved', httpStatus: 201 },
      ],
    });
    expect(await sandbox.chargesFor(payment.orderId)).toHaveLength(1);
  });

  it('retries an answer lost after the charge with the same key: one charge on the ledger', async () => {
    const request = api.authorizeRequest();
    await sandbox.faults({ lostResponseRate: 1 });
    const pending = booted.call<{ status: string; attempts: unknown[] }>(
      PAYMENTS_PATTERNS.authorize,
      request,
    );
    // The provider has charged; its answer never comes. Let the retry through.
    await eventually(
      () => sandbox.chargesFor(request.orderId),
      (charges) => charges.length === 1,
      5_000,
      'the charge',
    );
    await sandbox.faults({ lostResponseRate: 0 });
    const payment = await pending;
    expect(payment).toMatchObject({
      status: 'AUTHORIZED',
      attempts: [
        { attempt: 1, outcome: 'timeout', httpStatus: null },
        { attempt: 2, outcome: 'approved', httpStatus: 201 },
      ],
    });
    const charges = await sandbox.chargesFor(request.orderId);
    expect(charges).toHaveLength(1);
    expect(charges[0].amount).toBe(4_200);
  });

  it('captures in part, refunds in steps, and refuses more than is left, without calling the provider', async () => {
    const { id } = await api.authorize({ amount: 10_000 });
    await expect(api.capture(id, 8_000)).resolves.toMatchObject({
      status: 'CAPTURED',
      capturedAmount: 8_000,
    });
    await expect(api.refund(id, 3_000)).resolves.toMatchObject({ status: 'CAPTURED', refundedAmount: 3_000 });
    const before = await sandbox.requestsReceived();
    await expect(
      api.failure(PAYMENTS_PATTERNS.refund, { paymentId: id, amount: 5_001, idempotencyKey: 'r-big' }),
    ).resolves.toMatchObject({ code: 'PAYMENT_AMOUNT_EXCEEDED', details: { limit: 5_000 } });
    await expect(api.capture(id, 100, 'second-capture')).rejects.toMatchObject({ code: 'PAYMENT_STATE' });
    expect(await sandbox.requestsReceived()).toBe(before);
    await expect(api.refund(id, 5_000)).resolves.toMatchObject({ status: 'REFUNDED', refundedAmount: 8_000 });
    const [charge] = await sandbox.chargesFor((await api.get(id)).orderId);
    expect(charge).toMatchObject({ status: 'captured', capturedAmount: 8_000, refundedAmount: 8_000 });
    expect((await eventsOf(id)).map((event) => event.type)).toEqual([
      PAYMENTS_EVENTS.paymentAuthorized.type,
      PAYMENTS_EVENTS.paymentCaptured.type,
      PAYMENTS_EVENTS.paymentRefunded.type,
      PAYMENTS_EVENTS.paymentRefunded.type,
    ]);
  });

  it('voids once; a repeated void answers the same; a voided payment cannot be captured', async () => {
    const { id, orderId } = await api.authorize();
    await expect(api.void(id)).resolves.toMatchObject({ status: 'VOIDED' });
    const before = await sandbox.requestsReceived();
    await expect(api.void(id)).resolves.toMatchObject({ status: 'VOIDED' });
    await expect(api.void(id, 'another-void-key')).resolves.toMatchObject({ status: 'VOIDED' });
    await expect(api.capture(id)).rejects.toMatchObject({
      code: 'PAYMENT_STATE',
      details: { status: 'VOIDED' },
    });
    expect(await sandbox.requestsReceived()).toBe(before);
    expect(await sandbox.chargesFor(orderId)).toMatchObject([{ status: 'voided' }]);
  });

  it('voids a payment whose authorization outcome was unknown: settles it with the same key, then releases it', async () => {
    const request = api.authorizeRequest();
    await sandbox.faults({ outage: 'reset' });
    await expect(api.failure(PAYMENTS_PATTERNS.authorize, request)).resolves.toMatchObject({
      code: 'PAYMENT_PROVIDER_UNAVAILABLE',
    });
    const [pending] = (await booted.call<PaymentPage>(PAYMENTS_PATTERNS.list, { orderId: request.orderId }))
      .items;
    expect(pending).toMatchObject({ status: 'PENDING', attempts: [{ outcome: 'error' }, {}, {}] });
    await sandbox.healthy();
    await expect(api.void(pending.id)).resolves.toMatchObject({ status: 'VOIDED' });
    expect(await sandbox.chargesFor(request.orderId)).toMatchObject([{ status: 'voided' }]);
    // The caller's retry of the authorization now answers the settled payment.
    await expect(booted.call(PAYMENTS_PATTERNS.authorize, request)).resolves.toMatchObject({
      status: 'VOIDED',
    });
  });

  it('voids an authorization by its key before it arrives: the late authorization answers VOIDED, nothing charged', async () => {
    const request = api.authorizeRequest();
    const release = {
      authorizeKey: request.idempotencyKey,
      orderId: request.orderId,
      amount: request.amount,
      currency: request.currency,
      idempotencyKey: `${request.orderId}:void-payment`,
    };
    const before = await sandbox.requestsReceived();
    const voided = await booted.call<{ id: string; status: string }>(
      PAYMENTS_PATTERNS.voidAuthorization,
      release,
    );
    expect(voided).toMatchObject({ orderId: request.orderId, status: 'VOIDED', attempts: [] });
    await expect(booted.call(PAYMENTS_PATTERNS.voidAuthorization, release)).resolves.toEqual(voided);
    await expect(booted.call(PAYMENTS_PATTERNS.authorize, request)).resolves.toEqual(voided);
    expect(await sandbox.requestsReceived()).toBe(before);
    expect(await sandbox.chargesFor(request.orderId)).toEqual([]);
  });

  it('voids an authorization by its key after it arrived: the hold is released at the provider', async () => {
    const request = api.authorizeRequest();
    const authorized = await booted.call<{ id: string }>(PAYMENTS_PATTERNS.authorize, request);
    const voided = await booted.call(PAYMENTS_PATTERNS.voidAuthorization, {
      authorizeKey: request.idempotencyKey,
      orderId: request.orderId,
      amount: request.amount,
      currency: request.currency,
      idempotencyKey: `${request.orderId}:void-payment`,
    });
    expect(voided).toMatchObject({ id: authorized.id, status: 'VOIDED' });
    expect(await sandbox.chargesFor(request.orderId)).toMatchObject([{ status: 'voided' }]);
  });

  it('refuses bad input with typed errors before anything is written or sent', async () => {
    const before = await sandbox.requestsReceived();
    const refused = async (pattern: string, data: unknown) => (await api.failure(pattern, data)).code;
    expect(await refused(PAYMENTS_PATTERNS.authorize, api.authorizeRequest({ amount: 0 }))).toBe(
      'VALIDATION_FAILED',
    );
    expect(await refused(PAYMENTS_PATTERNS.authorize, api.authorizeRequest({ amount: -5 }))).toBe(
      'VALIDATION_FAILED',
    );
    expect(await refused(PAYMENTS_PATTERNS.authorize, api.authorizeRequest({ currency: 'XXX' }))).toBe(
      'VALIDATION_FAILED',
    );
    expect(await refused(PAYMENTS_PATTERNS.authorize, api.authorizeRequest({ amount: 500_001 }))).toBe(
      'PAYMENT_AMOUNT_EXCEEDED',
    );
    const unknown = '0190a0a0-0000-7000-8000-000000000000';
    expect(await refused(PAYMENTS_PATTERNS.get, { paymentId: unknown })).toBe('PAYMENT_NOT_FOUND');
    expect(await refused(PAYMENTS_PATTERNS.capture, { paymentId: unknown, idempotencyKey: 'c1' })).toBe(
      'PAYMENT_NOT_FOUND',
    );
    expect(await sandbox.requestsReceived()).toBe(before);
    const { id } = await api.authorize({ amount: 1_000 });
    expect(
      await refused(PAYMENTS_PATTERNS.capture, { paymentId: id, amount: 1_001, idempotencyKey: 'c2' }),
    ).toBe('PAYMENT_AMOUNT_EXCEEDED');
    expect(await refused(PAYMENTS_PATTERNS.refund, { paymentId: id, amount: 1, idempotencyKey: 'r1' })).toBe(
      'PAYMENT_STATE',
    );
    expect(await sandbox.requestsReceived()).toBe(before + 1);
    const rows = await queryDatabase<{ n: number }>(
      booted.database.url,
      `SELECT count(*)::int AS n FROM payment_operation WHERE key IN ('c1', 'c2', 'r1')`,
    );
    expect(rows[0].n).toBe(0);
  });

  it('refuses an idempotency key reused for another request', async () => {
    const request = api.authorizeRequest();
    await booted.call(PAYMENTS_PATTERNS.authorize, request);
    await expect(
      api.failure(PAYMENTS_PATTERNS.authorize, { ...request, amount: request.amount + 1 }),
    ).resolves.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('answers duplicated concurrent authorizations with one payment and one charge', async () => {
    const request = api.authorizeRequest({ cardToken: PSP_TEST_CARDS.approveAfter(1) });
    const answers = await Promise.all(
      [1, 2, 3].map(() => booted.call<{ id: string; status: string }>(PAYMENTS_PATTERNS.authorize, request)),
    );
    expect(new Set(answers.map((answer) => answer.id)).size).toBe(1);
    expect(answers.map((answer) => answer.status)).toEqual(['AUTHORIZED', 'AUTHORIZED', 'AUTHORIZED']);
    expect(await sandbox.chargesFor(request.orderId)).toHaveLength(1);
  });
});
