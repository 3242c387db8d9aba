import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import { Controller, createParamDecorator, ExecutionContext, Inject, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CustomStrategy, MessagePattern } from '@nestjs/microservices';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type * as Amqplib from 'amqplib';
import type { ChannelModel } from 'amqplib';
import { NO_MESSAGE_HANDLER } from '@nestjs/microservices/constants';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { Caller, RpcEnvelope, RpcMeta } from '@bazaar/contracts';
import { startTracing, stopTracing } from '@bazaar/observability';
import {
  DomainError,
  PlatformConfig,
  PlatformModule,
  RequestContext,
  RpcClient,
  RpcData,
  rpcMetaOf,
} from '@bazaar/platform';
import { BrokerRpcStatus } from '../src/rpc/broker-rpc-readiness';
import { RabbitMqRpcClient } from '../src/rpc/rabbitmq-rpc.client';
import { RabbitMqRpcServer } from '../src/rpc/rabbitmq-rpc.server';
import { RpcWork } from '../src/rpc/rpc-work';
import { describeIf, serverNamedBy } from '../../../test/support/skip';
import { eventually } from '../../../test/support/eventually';

const rabbit = serverNamedBy('TEST_RABBITMQ_URL', 5672);
const URL_ = process.env.TEST_RABBITMQ_URL ?? '';

const INSTANCE = 'INSTANCE';
/** Every handler invocation, by request ID: which instances ran it. */
const invocations = new Map<string, string[]>();
/** Called as each `test.work` starts, on the instance that runs it. */
let onWorkStarted: ((instance: string) => void) | undefined;

const Meta = createParamDecorator((_: unknown, ctx: ExecutionContext): Partial<RpcMeta> => rpcMetaOf(ctx));

interface Echo {
  data: unknown;
  requestId: string | undefined;
  caller: Caller | undefined;
  serviceToken: string | undefined;
  instance: string;
}

@Controller()
class TestController {
  constructor(@Inject(INSTANCE) private readonly instance: string) {}

  @MessagePattern('test.echo')
  echo(@RpcData() data: unknown, @Meta() meta: Partial<RpcMeta>): Echo {
    return {
      data,
      requestId: RequestContext.requestId(),
      caller: RequestContext.caller(),
      serviceToken: meta.serviceToken,
      instance: this.instance,
    };
  }

  @MessagePattern('test.fails')
  fails(@RpcData() data: { id: string }): never {
    throw new DomainError('PRODUCT_NOT_FOUND', 'No such product.', { id: data.id });
  }

  @MessagePattern('test.crashes')
  crashes(): never {
    throw new Error('a bug with a stack trace that must not leave the process');
  }

  @MessagePattern('test.work')
  async work(@RpcData() data: { ms: number }): Promise<{ requestId: string; instance: string }> {
    const requestId = RequestContext.requestId()!;
    invocations.set(requestId, [...(invocations.get(requestId) ?? []), this.instance]);
    onWorkStarted?.(this.instance);
    await new Promise((resolve) => setTimeout(resolve, data.ms));
    return { requestId, instance: this.instance };
  }
}

interface Instance {
  app: NestFastifyApplication;
  server: RabbitMqRpcServer;
  status: BrokerRpcStatus;
}

/** One instance of the test service, wired as bootstrapService wires a brokerRpc service. */
async function startInstance(name: string, queue: string, prefetch: number): Promise<Instance> {
  @Module({
    imports: [PlatformModule.forRoot({ service: 'catalog', config: PlatformConfig })],
    controllers: [TestController],
    providers: [{ provide: INSTANCE, useValue: name }],
  })
  class TestServiceModule {}

  const app = await NestFactory.create<NestFastifyApplication>(TestServiceModule, new FastifyAdapter(), {
    logger: process.env.DEBUG_RPC_TEST ? ['log', 'warn', 'error'] : false,
  });
  const status = app.get(BrokerRpcStatus);
  const server = new RabbitMqRpcServer(
    { url: URL_, queue, prefetch, connectionName: `rmq-rpc-test-${name}` },
    app.get(RpcWork),
    status,
  );
  app.connectMicroservice<CustomStrategy>({ strategy: server }, { inheritAppConfig: true });
  await app.startAllMicroservices();
  await app.init();
  await eventually(
    () => Promise.resolve(status.consuming),
    (consuming) => consuming,
    5_000,
    `instance ${name} consuming ${queue}`,
  );
  return { app, server, status };
}

/**
 * What a crash looks like to the broker: the TCP connection drops with requests unacknowledged. (amqplib's
 * socket, `connection.stream`, is not in its typings; with an error, the process also sees the loss, like one
 * that restarts.)
 */
function killConnection(side: { unwrap<T>(): T }): void {
  const connection = side.unwrap<ChannelModel>().connection as unknown as { stream: Socket };
  connection.stream.destroy(new Error('killed by the test'));
}

describeIf(rabbit.ok, rabbit.missing)('RPC over RabbitMQ', () => {
  const queue = `rpc.test-${randomUUID().slice(0, 8)}`;
  const caller: Caller = { userId: randomUUID(), roles: ['customer'] };
  let a: Instance;
  let b: Instance;
  let requester: RabbitMqRpcClient;
  let client: RpcClient;

  beforeAll(async () => {
    process.env.LOG_REQUESTS = 'false';
    a = await startInstance('a', queue, 8);
    b = await startInstance('b', queue, 8);
    requester = new RabbitMqRpcClient({ url: URL_, queue });
    client = new RpcClient('catalog', requester, 3_000, { serviceTokenFor: () => 'service-token-1' });
  });

  afterAll(async () => {
    await client?.close();
    await a?.app.close();
    await b?.app.close();
    delete process.env.LOG_REQUESTS;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { connect } = require('amqplib') as typeof Amqplib;
    const model = await connect(URL_);
    const channel = await model.createChannel();
    await channel.deleteQueue(queue);
    await model.close();
  });

  it('answers through the real RpcClient, with the request ID, caller and service token in the handler', async () => {
    const requestId = `req-${randomUUID()}`;
    const echo = await RequestContext.run({ requestId, caller }, () =>
      client.send<Echo>('test.echo', { sku: 'APP-1', quantity: 2 }),
    );
    expect(echo).toMatchObject({
      data: { sku: 'APP-1', quantity: 2 },
      requestId,
      caller,
      serviceToken: 'service-token-1',
    });
    expect(['a', 'b']).toContain(echo.instance);
  });

  it("carries the caller's trace in the request's headers: the handler's span is the child of the call's", async () => {
    const exporter = new InMemorySpanExporter();
    startTracing({ service: 'rpc-test', exporter });
    try {
      await client.send<Echo>('test.echo', {});
      const spans = await eventually(
        () => Promise.resolve(exporter.getFinishedSpans()),
        (finished) => finished.length >= 2,
        2_000,
        'the client and server spans',
      );
      const call = spans.find((span) => span.kind === SpanKind.CLIENT && span.name === 'test.echo');
      const handled = spans.find((span) => span.kind === SpanKind.SERVER && span.name === 'test.echo');
      expect(call?.attributes['rpc.system']).toBe('rabbitmq');
      expect(handled?.spanContext().traceId).toBe(call?.spanContext().traceId);
      expect(handled?.parentSpanContext?.spanId).toBe(call?.spanContext().spanId);
    } finally {
      await stopTracing();
    }
  });

  it('brings a domain error back with its code and details, and an unexpected one as INTERNAL without its stack', async () => {
    const failure = await client.send('test.fails', { id: 'p-1' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DomainError);
    expect(failure).toMatchObject({
      code: 'PRODUCT_NOT_FOUND',
      message: 'No such product.',
      details: { id: 'p-1' },
    });

    const crash = await client.send('test.crashes', {}).catch((error: unknown) => error);
    expect(crash).toMatchObject({ code: 'INTERNAL', message: 'An unexpected error occurred.' });
  });

  it('answers an unknown pattern with an error at once, as the TCP transport does', async () => {
    const envelope: RpcEnvelope<unknown> = { meta: { requestId: 'r-unknown' }, data: {} };
    const startedAt = Date.now();
    await expect(requester.request('test.nobody-handles-this', envelope, 5_000)).rejects.toBe(
      NO_MESSAGE_HANDLER,
    );
    expect(Date.now() - startedAt).toBeLessThan(2_000);
    await expect(client.send('test.nobody-handles-this', {})).rejects.toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
    });
  });

  it('bounds the wait: a slow handler is SERVICE_UNAVAILABLE after the call timeout', async () => {
    const startedAt = Date.now();
    await expect(client.send('test.work', { ms: 2_000 }, { timeoutMs: 300 })).rejects.toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      message: 'The catalog service did not answer in time.',
    });
    const waited = Date.now() - startedAt;
    expect(waited).toBeGreaterThanOrEqual(300);
    expect(waited).toBeLessThan(1_500);
  });

  it('fails at once when the service has no queue (never started), and drops requests nobody took in time', async () => {
    const nowhere = new RabbitMqRpcClient({ url: URL_, queue: `rpc.nowhere-${randomUUID()}` });
    const envelope: RpcEnvelope<unknown> = { meta: { requestId: 'r-nowhere' }, data: {} };
    await expect(nowhere.request('test.echo', envelope, 5_000)).rejects.toThrow(/no RabbitMQ queue/);
    await nowhere.close();

    // A queue without consumers (every instance down): the request expires with the caller's timeout.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { connect } = require('amqplib') as typeof Amqplib;
    const model = await connect(URL_);
    const channel = await model.createChannel();
    const idle = `rpc.idle-${randomUUID().slice(0, 8)}`;
    await channel.assertQueue(idle, { autoDelete: false });
    try {
      const toIdle = new RabbitMqRpcClient({ url: URL_, queue: idle });
      await expect(toIdle.request('test.echo', envelope, 200)).rejects.toThrow('no answer within 200 ms');
      await toIdle.close();
      await eventually(
        async () => (await channel.checkQueue(idle)).messageCount,
        (count) => count === 0,
        3_000,
        'the expired request to leave the queue',
      );
    } finally {
      await channel.deleteQueue(idle);
      await model.close();
    }
  });

  it('rejects the calls waiting on a lost connection at once, then reconnects for the next call', async () => {
    invocations.clear();
    const waiting = client.send('test.work', { ms: 1_000 }, { timeoutMs: 10_000 });
    await eventually(
      () => Promise.resolve(invocations.size),
      (size) => size > 0,
      3_000,
      'the request to reach a handler',
    );
    const startedAt = Date.now();
    killConnection(requester);
    await expect(waiting).rejects.toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      message: 'The catalog service is unavailable.',
    });
    expect(Date.now() - startedAt).toBeLessThan(500);
    await expect(client.send('test.echo', { again: true })).resolves.toMatchObject({ data: { again: true } });
  });

  it('shares the work between instances; one killed mid-stream loses no request and every caller gets one answer', async () => {
    invocations.clear();
    const total = 120;
    const ids = Array.from({ length: total }, (_, i) => `work-${i}-${randomUUID()}`);
    const calls = ids.map((requestId) =>
      RequestContext.run({ requestId }, () =>
        client.send<{ requestId: string; instance: string }>('test.work', { ms: 40 }, { timeoutMs: 15_000 }),
      ),
    );
    // Kill instance a as its 12th request starts: that one at least (and the others of its batch) is unanswered.
    let startedOnA = 0;
    onWorkStarted = (instance) => {
      if (instance !== 'a' || ++startedOnA !== 12) return;
      killConnection(a.server);
    };

    const answers = await Promise.all(calls).finally(() => (onWorkStarted = undefined));
    expect(startedOnA).toBeGreaterThanOrEqual(12);
    expect(answers.map((answer) => answer.requestId)).toEqual(ids);
    expect(ids.every((id) => (invocations.get(id)?.length ?? 0) >= 1)).toBe(true);
    const byInstance = (name: string) => answers.filter((answer) => answer.instance === name).length;
    expect(byInstance('a')).toBeGreaterThan(0);
    expect(byInstance('b')).toBeGreaterThan(0);
    // Those a held unanswered were redelivered and run again; never more than a's prefetch.
    const runTwice = ids.filter((id) => (invocations.get(id)?.length ?? 0) > 1);
    expect(runTwice.length).toBeGreaterThan(0);
    expect(runTwice.length).toBeLessThanOrEqual(8);
    expect(runTwice.every((id) => invocations.get(id)![0] === 'a')).toBe(true);

    // The killed instance reconnects by itself and takes work again.
    await eventually(
      () => Promise.resolve(a.status.consuming),
      (consuming) => consuming,
      5_000,
      'instance a consuming again',
    );
  });

  it('an instance that stops consuming (shutdown) finishes what it runs; the other takes the new requests', async () => {
    invocations.clear();
    const running = RequestContext.run({ requestId: `drain-${randomUUID()}` }, () =>
      client.send<{ instance: string }>('test.work', { ms: 300 }),
    );
    await eventually(
      () => Promise.resolve(invocations.size),
      (size) => size === 1,
      3_000,
      'the first request to start',
    );
    const [first] = [...invocations.values()][0];
    const stopping = first === 'a' ? a : b;
    const other = first === 'a' ? 'b' : 'a';
    await stopping.server.stopConsuming();
    expect(stopping.status.consuming).toBe(false);

    const later = await Promise.all(
      Array.from({ length: 10 }, () => client.send<{ instance: string }>('test.work', { ms: 5 })),
    );
    expect(later.every((answer) => answer.instance === other)).toBe(true);
    await expect(running).resolves.toMatchObject({ instance: first });
  });
});
