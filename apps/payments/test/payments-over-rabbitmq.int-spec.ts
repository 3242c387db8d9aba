import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { ChannelModel } from 'amqplib';
import { PAYMENTS_PATTERNS, PaymentView, PSP_TEST_CARDS, RpcErrorBody } from '@bazaar/contracts';
import { bootstrapService, createRpcClient, RpcClient, RunningService } from '@bazaar/platform';
import { eventually } from '../../../test/support/eventually';
import { paymentCalls, Sandbox } from '../../../test/support/payments';
import { describeIf, serverNamedBy } from '../../../test/support/skip';
import { createTestDatabase, TestDatabase } from '../../../test/support/test-database';
import { AppModule } from '../src/app.module';
import { PaymentsService } from '../src/payments/payments.service';

const rabbit = serverNamedBy('TEST_RABBITMQ_URL', 5672);

/**
 * The production profile's transport: payments reached by request/reply over RabbitMQ (its row in the services
 * table says brokerRpc, RABBITMQ_URL is set), two instances competing for one queue over one database, the real
 * sandbox behind them, and the caller the platform's own RPC client.
 */
describeIf(rabbit.ok, rabbit.missing)('payments over RabbitMQ', () => {
  const queue = `rpc.payments-test-${randomUUID().slice(0, 8)}`;
  let sandbox: Sandbox;
  let database: TestDatabase;
  let a: RunningService;
  let b: RunningService;
  let client: RpcClient;
  let api: ReturnType<typeof paymentCalls>;
  const variables: Record<string, string> = {};

  const startInstance = () =>
    bootstrapService(AppModule, { name: 'payments', transport: 'tcp', handleSignals: false });
  /**
   * Requests each instance's service was asked to handle, by idempotency key; `onStart` runs as each one starts,
   * before the instance works on it.
   */
  const handledBy = (service: RunningService, onStart: (handled: number) => void = () => undefined) => {
    const keys: string[] = [];
    const payments = service.app.get(PaymentsService);
    const authorize = payments.authorize.bind(payments);
    jest.spyOn(payments, 'authorize').mockImplementation((request) => {
      keys.push(request.idempotencyKey);
      onStart(keys.length);
      return authorize(request);
    });
    return keys;
  };
  /** A crash as the broker sees it: the connection drops with requests unacknowledged. */
  const killConnection = (service: RunningService) => {
    const model = service.app.getMicroservices()[0].unwrap<ChannelModel>();
    (model.connection as unknown as { stream: Socket }).stream.destroy(new Error('killed by the test'));
  };

  beforeAll(async () => {
    sandbox = await Sandbox.start();
    database = await createTestDatabase('payments');
    Object.assign(variables, {
      PAYMENTS_DATABASE_URL: database.url,
      PAYMENTS_HTTP_PORT: '0',
      PAYMENTS_RPC_QUEUE: queue,
      PAYMENTS_PROVIDER_URL: sandbox.url,
      RABBITMQ_URL: process.env.TEST_RABBITMQ_URL!,
      LOG_LEVEL: 'error',
      LOG_REQUESTS: 'false',
    });
    Object.assign(process.env, variables);
    a = await startInstance();
    b = await startInstance();
    // Each consumes its queue in the background after start-up; readiness says when (its rpc-queue check).
    for (const instance of [a, b]) {
      await eventually(
        async () => (await fetch(`http://127.0.0.1:${instance.httpPort}/health/ready`)).status,
        (status) => status === 200,
        10_000,
        'payments consuming its queue',
      );
    }
    client = createRpcClient('payments', 15_000);
    const call = <T>(pattern: string, data: unknown) => client.send<T>(pattern, data);
    api = paymentCalls(call, async (pattern, data) => {
      try {
        await call(pattern, data);
      } catch (error) {
        return error as RpcErrorBody;
      }
      throw new Error(`${pattern} succeeded but was expected to fail`);
    });
  });

  afterAll(async () => {
    await client?.close();
    await a?.shutdown('test finished');
    await b?.shutdown('test finished');
    await sandbox?.stop();
    await database?.drop();
    for (const name of Object.keys(variables)) delete process.env[name];
  });

  it('serves payments on its queue, with no RPC port', () => {
    expect(a.rpcPort).toBeUndefined();
    expect(b.rpcPort).toBeUndefined();
  });

  it('authorizes, declines, replays and refuses over the broker as over TCP', async () => {
    const request = api.authorizeRequest();
    const approved = await client.send<PaymentView>(PAYMENTS_PATTERNS.authorize, request);
    expect(approved).toMatchObject({ status: 'AUTHORIZED', attempts: [{ outcome: 'approved' }] });
    await expect(client.send(PAYMENTS_PATTERNS.authorize, request)).resolves.toEqual(approved);
    await expect(api.authorize({ cardToken: PSP_TEST_CARDS.declined })).resolves.toMatchObject({
      status: 'DECLINED',
      declineCode: 'CARD_DECLINED',
    });
    await expect(api.capture(approved.id, 1_000)).resolves.toMatchObject({ capturedAmount: 1_000 });
    await expect(api.failure(PAYMENTS_PATTERNS.get, { paymentId: randomUUID() })).resolves.toMatchObject({
      code: 'PAYMENT_NOT_FOUND',
    });
    await expect(
      api.failure(PAYMENTS_PATTERNS.authorize, api.authorizeRequest({ amount: 0 })),
    ).resolves.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('shares a stream between two instances; one killed mid-stream: every request answered once, no order charged twice', async () => {
    // a dies as its 10th request starts: that one (at least) is in its hands, unacknowledged.
    const onA = handledBy(a, (handled) => {
      if (handled === 10) killConnection(a);
    });
    const onB = handledBy(b);
    const requests = Array.from({ length: 80 }, () => api.authorizeRequest());
    await sandbox.faults({ latencyMs: 20 });
    let answered = 0;
    const calls = requests.map((request) =>
      client.send<PaymentView>(PAYMENTS_PATTERNS.authorize, request).then(
        (payment) => ({ answered: ++answered, payment, error: undefined }),
        (error: RpcErrorBody) => ({ answered: ++answered, payment: undefined, error }),
      ),
    );
    const outcomes = await Promise.all(calls);
    await sandbox.healthy();

    // One answer per request (Promise.all would hang on a lost one; the client's 15 s bound would fail it).
    expect(outcomes).toHaveLength(requests.length);
    expect(new Set(outcomes.map((outcome) => outcome.answered)).size).toBe(requests.length);
    expect(onA.length).toBeGreaterThanOrEqual(10);
    expect(onB.length).toBeGreaterThan(0);
    // What a held unacknowledged went back to the queue and ran again: on b, or on a once it had reconnected.
    const handled = [...onA, ...onB];
    expect(handled.length).toBeGreaterThan(new Set(handled).size);
    // A request a held when it died ran again; its answer is the one outcome, or "in use" while a's own
    // run of it was still finishing (an orchestrator retries with the same key).
    const errors = outcomes.filter((outcome) => outcome.error).map((outcome) => outcome.error!.code);
    expect(errors.every((code) => code === 'IDEMPOTENCY_KEY_IN_USE')).toBe(true);
    for (const [i, outcome] of outcomes.entries()) {
      const payment =
        outcome.payment ?? (await client.send<PaymentView>(PAYMENTS_PATTERNS.authorize, requests[i]));
      expect(payment).toMatchObject({ orderId: requests[i].orderId, status: 'AUTHORIZED' });
    }
    for (const request of requests) expect(await sandbox.chargesFor(request.orderId)).toHaveLength(1);
  });
});
