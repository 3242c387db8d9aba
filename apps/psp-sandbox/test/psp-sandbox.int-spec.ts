import { randomUUID } from 'node:crypto';
import {
  PSP_REPLAYED_HEADER,
  PSP_TEST_CARDS,
  PspAuthorization,
  PspFaults,
  PspLedger,
  PspRefund,
  ProblemDetails,
} from '@bazaar/contracts';
import { bootstrapService, RunningService } from '@bazaar/platform';
import { AppModule } from '../src/app.module';

/**
 * psp-sandbox in-process on its HTTP port, driven with fetch as the payments service drives it: the card
 * processor's rules, its idempotency keys, its test cards and its fault knobs.
 */
describe('psp-sandbox on its HTTP API', () => {
  let service: RunningService;
  let api: string;
  const variables: Record<string, string> = {
    LOG_LEVEL: 'warn',
    PSP_SANDBOX_HTTP_PORT: '0',
    PSP_SANDBOX_HANG_MAX_MS: '1000',
  };

  beforeAll(async () => {
    Object.assign(process.env, variables);
    service = await bootstrapService(AppModule, { name: 'psp-sandbox', handleSignals: false });
    api = `http://127.0.0.1:${service.httpPort}`;
  });

  afterAll(async () => {
    await service?.shutdown('test finished');
    for (const key of Object.keys(variables)) delete process.env[key];
  });

  afterEach(() => setFaults({ failureRate: 0, latencyMs: 0, outage: 'none', lostResponseRate: 0 }));

  const post = (path: string, body: unknown, key: string | null = randomUUID(), timeoutMs = 10_000) =>
    fetch(`${api}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  const json = async <T>(response: Response, status: number): Promise<T> => {
    const body = (await response.json()) as T;
    expect({ status: response.status, body }).toMatchObject({ status });
    return body;
  };
  const problem = async (response: Response, status: number): Promise<ProblemDetails> => {
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    return json<ProblemDetails>(response, status);
  };
  const setFaults = async (changes: Partial<PspFaults>) =>
    json<PspFaults>(
      await fetch(`${api}/v1/sandbox/faults`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(changes),
      }),
      200,
    );
  const ledgerOf = async (reference: string) =>
    (await json<PspLedger>(await fetch(`${api}/v1/ledger`), 200)).entries.filter(
      (entry) => entry.reference === reference,
    );
  const authorize = (
    reference: string,
    cardToken: string = PSP_TEST_CARDS.approved,
    key?: string,
    timeoutMs?: number,
  ) => post('/v1/authorizations', { amount: 1999, currency: 'EUR', cardToken, reference }, key, timeoutMs);
  /** Rejects when the answer does not come within `ms` (or the connection is dropped). */
  const noAnswerWithin = (request: Promise<Response>) =>
    expect(request).rejects.toThrow(/aborted|timeout|fetch failed|other side closed|socket/i);

  describe('authorizations', () => {
    it('approves a good card: 201, the authorization, and one ledger entry', async () => {
      const reference = randomUUID();
      const authorization = await json<PspAuthorization>(await authorize(reference), 201);
      expect(authorization).toMatchObject({
        id: expect.stringMatching(/^auth_/),
        status: 'authorized',
        amount: 1999,
        currency: 'EUR',
        capturedAmount: 0,
        reference,
      });
      await expect(ledgerOf(reference)).resolves.toEqual([{ ...authorization, refunds: [] }]);
    });

    it.each([
      [PSP_TEST_CARDS.declined, 'CARD_DECLINED'],
      [PSP_TEST_CARDS.insufficientFunds, 'CARD_INSUFFICIENT_FUNDS'],
      [PSP_TEST_CARDS.expired, 'CARD_EXPIRED'],
    ])('declines %s with 402 %s and charges nothing', async (card, code) => {
      const reference = randomUUID();
      await expect(problem(await authorize(reference, card), 402)).resolves.toMatchObject({ code });
      await expect(ledgerOf(reference)).resolves.toEqual([]);
    });

    it('refuses bad input naming each field, and an unknown card token, charging nothing', async () => {
      const reference = randomUUID();
      const bad = await problem(
        await post('/v1/authorizations', { amount: 0, currency: 'XYZ', cardToken: 'visa', reference }),
        400,
      );
      expect((bad.errors ?? []).map((e) => e.field).sort()).toEqual(['amount', 'cardToken', 'currency']);
      const unknown = await problem(await authorize(reference, 'tok_nobody_knows'), 400);
      expect(unknown.errors).toEqual([{ field: 'cardToken', messages: [expect.any(String)] }]);
      const tooMuch = await problem(
        await post('/v1/authorizations', { amount: 10_000_001, currency: 'EUR', cardToken: 'tok_approved' }),
        400,
      );
      expect(tooMuch.errors?.[0]?.field).toBe('amount');
      await expect(ledgerOf(reference)).resolves.toEqual([]);
    });
  });

  describe('idempotency keys', () => {
    it('replays the first answer for the same key and body, and never charges twice', async () => {
      const reference = randomUUID();
      const key = randomUUID();
      const first = await json<PspAuthorization>(await authorize(reference, undefined, key), 201);
      const again = await authorize(reference, undefined, key);
      expect(again.headers.get(PSP_REPLAYED_HEADER)).toBe('true');
      await expect(json(again, 201)).resolves.toEqual(first);
      await expect(ledgerOf(reference)).resolves.toHaveLength(1);
    });

    it('replays a decline as a decline', async () => {
      const key = randomUUID();
      const reference = randomUUID();
      await problem(await authorize(reference, PSP_TEST_CARDS.declined, key), 402);
      const again = await authorize(reference, PSP_TEST_CARDS.declined, key);
      expect(again.headers.get(PSP_REPLAYED_HEADER)).toBe('true');
      await expect(problem(again, 402)).resolves.toMatchObject({ code: 'CARD_DECLINED' });
    });

    it('refuses a key reused with another body (422), and a POST without a key (400)', async () => {
      const key = randomUUID();
      const reference = randomUUID();
      await json(await authorize(reference, undefined, key), 201);
      const other = await post(
        '/v1/authorizations',
        { amount: 1, currency: 'EUR', cardToken: 'tok_approved' },
        key,
      );
      await expect(problem(other, 422)).resolves.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
      const keyless = await problem(
        await post(
          '/v1/authorizations',
          { amount: 1, currency: 'EUR', cardToken: 'tok_approved', reference },
          null,
        ),
        400,
      );
      expect(keyless.errors).toEqual([{ field: 'Idempotency-Key', messages: [expect.any(String)] }]);
      await expect(ledgerOf(reference)).resolves.toHaveLength(1);
    });

    it('refuses a repeat while the first request with the key still runs (409)', async () => {
      const key = randomUUID();
      const reference = randomUUID();
      const slow = authorize(reference, PSP_TEST_CARDS.approveAfter(1), key);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const meanwhile = await authorize(reference, PSP_TEST_CARDS.approveAfter(1), key);
      await expect(problem(meanwhile, 409)).resolves.toMatchObject({ code: 'IDEMPOTENCY_KEY_IN_USE' });
      await json(await slow, 201);
      await expect(ledgerOf(reference)).resolves.toHaveLength(1);
    });

    it('answers tok_fail_once with a 500 that charges nothing, then approves the retry with the same key', async () => {
      const key = randomUUID();
      const reference = randomUUID();
      await problem(await authorize(reference, PSP_TEST_CARDS.failOnce, key), 500);
      await expect(ledgerOf(reference)).resolves.toEqual([]);
      await json(await authorize(reference, PSP_TEST_CARDS.failOnce, key), 201);
      await expect(ledgerOf(reference)).resolves.toHaveLength(1);
    });
  });

  describe('capture, void and refund', () => {
    const authorized = async () => json<PspAuthorization>(await authorize(randomUUID()), 201);
    const capture = (id: string, body: unknown = {}) => post(`/v1/authorizations/${id}/capture`, body);
    const voidIt = (id: string) => post(`/v1/authorizations/${id}/void`, {});
    const refund = (authorizationId: string, amount: number) =>
      post('/v1/refunds', { authorizationId, amount });

    it('captures in part once, refunds up to what was captured, and keeps the books', async () => {
      const { id } = await authorized();
      await expect(problem(await capture(id, { amount: 2000 }), 422)).resolves.toMatchObject({
        code: 'AMOUNT_TOO_LARGE',
      });
      await expect(json(await capture(id, { amount: 1500 }), 200)).resolves.toMatchObject({
        status: 'captured',
        capturedAmount: 1500,
      });
      await expect(problem(await capture(id), 409)).resolves.toMatchObject({ code: 'AUTHORIZATION_STATE' });
      await expect(json<PspRefund>(await refund(id, 1000), 201)).resolves.toMatchObject({ amount: 1000 });
      await expect(problem(await refund(id, 501), 422)).resolves.toMatchObject({ code: 'AMOUNT_TOO_LARGE' });
      await json(await refund(id, 500), 201);
      const [entry] = (await json<PspLedger>(await fetch(`${api}/v1/ledger`), 200)).entries.filter(
        (e) => e.id === id,
      );
      expect(entry).toMatchObject({ capturedAmount: 1500, refundedAmount: 1500 });
      expect(entry.refunds.map((r) => r.amount)).toEqual([1000, 500]);
    });

    it('voids an authorization, after which it can be neither captured nor refunded', async () => {
      const { id } = await authorized();
      await expect(json(await voidIt(id), 200)).resolves.toMatchObject({ status: 'voided' });
      await expect(problem(await capture(id), 409)).resolves.toMatchObject({ code: 'AUTHORIZATION_STATE' });
      await expect(problem(await refund(id, 1), 409)).resolves.toMatchObject({ code: 'AUTHORIZATION_STATE' });
      await expect(problem(await voidIt(id), 409)).resolves.toMatchObject({ code: 'AUTHORIZATION_STATE' });
    });

    it('answers an unknown authorization with 404', async () => {
      const id = `auth_${randomUUID()}`;
      await expect(problem(await capture(id), 404)).resolves.toMatchObject({
        code: 'AUTHORIZATION_NOT_FOUND',
      });
      await expect(problem(await fetch(`${api}/v1/authorizations/${id}`), 404)).resolves.toMatchObject({
        code: 'AUTHORIZATION_NOT_FOUND',
      });
    });
  });

  describe('fault knobs', () => {
    it('answers 500 at the configured failure rate, charging nothing', async () => {
      await setFaults({ failureRate: 1 });
      const reference = randomUUID();
      for (let i = 0; i < 3; i++) await problem(await authorize(reference), 500);
      await setFaults({ failureRate: 0 });
      await expect(ledgerOf(reference)).resolves.toEqual([]);
    });

    it('drops connections unanswered, or never answers, during an outage; its controls still answer', async () => {
      await setFaults({ outage: 'reset' });
      await noAnswerWithin(authorize(randomUUID()));
      await setFaults({ outage: 'hang' });
      await noAnswerWithin(post('/v1/authorizations', {}, randomUUID(), 300));
      await setFaults({ outage: 'none' });
      await json(await authorize(randomUUID()), 201);
    });

    it('adds latency to every API request', async () => {
      await setFaults({ latencyMs: 2_000 });
      await noAnswerWithin(authorize(randomUUID(), PSP_TEST_CARDS.approved, randomUUID(), 300));
      await expect(json(await fetch(`${api}/v1/sandbox/faults`), 200)).resolves.toMatchObject({
        latencyMs: 2_000,
        failureRate: 0,
        outage: 'none',
      });
    });

    it('loses the answer of a write after charging: the retry with the same key gets that charge, not a second', async () => {
      const reference = randomUUID();
      const key = randomUUID();
      await setFaults({ lostResponseRate: 1 });
      await noAnswerWithin(
        post(
          '/v1/authorizations',
          { amount: 1999, currency: 'EUR', cardToken: 'tok_approved', reference },
          key,
          500,
        ),
      );
      const [charged] = await ledgerOf(reference);
      expect(charged).toMatchObject({ status: 'authorized', reference });
      await setFaults({ lostResponseRate: 0 });
      const retried = await json<PspAuthorization>(await authorize(reference, undefined, key), 201);
      expect(retried.id).toBe(charged.id);
      await expect(ledgerOf(reference)).resolves.toHaveLength(1);
    });

    it('refuses knob values out of range, naming the field, and keeps the old ones', async () => {
      const response = await fetch(`${api}/v1/sandbox/faults`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ failureRate: 2, outage: 'flood' }),
      });
      const refused = await problem(response, 400);
      expect((refused.errors ?? []).map((e) => e.field).sort()).toEqual(['failureRate', 'outage']);
      await expect(json(await fetch(`${api}/v1/sandbox/faults`), 200)).resolves.toMatchObject({
        failureRate: 0,
        outage: 'none',
      });
    });
  });

  it('is ready: /health/ready answers 200', async () => {
    const ready = await fetch(`${api}/health/ready`);
    expect(ready.status).toBe(200);
  });
});
