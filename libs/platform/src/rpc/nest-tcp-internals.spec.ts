import { createHash } from 'node:crypto';
import net from 'node:net';
import { ClientTCP, JsonSocket, MessageHandler, ServerTCP, TcpSocket } from '@nestjs/microservices';
import { NO_MESSAGE_HANDLER } from '@nestjs/microservices/constants';
import { Histogram } from 'prom-client';
import { lastValueFrom, throwError } from 'rxjs';
import { RpcMetrics } from '@bazaar/metrics';
import { PlatformConfig } from '../config/platform-config';
import { RequestContext } from '../context/request-context';
import { LifecycleService } from '../lifecycle/lifecycle.service';
import { CoalescingJsonSocket } from './coalescing-json-socket';
import { PlatformTcpClient } from './platform-tcp-client';
import { PlatformTcpServer } from './platform-tcp-server';
import { RpcWork } from './rpc-work';

/**
 * What PlatformTcpClient, PlatformTcpServer and CoalescingJsonSocket rely on inside @nestjs/microservices
 * (docs/adr/0002-nest-tcp-transport-overrides.md). A real loopback round trip shows each override ran; a failure
 * here after upgrading Nest means: re-read the ADR and the Nest code it names before changing anything else.
 */
describe('Nest TCP internals the platform transport overrides', () => {
  const ADR = 'docs/adr/0002-nest-tcp-transport-overrides.md';

  interface Echo {
    requestId: string | undefined;
    data: unknown;
  }

  let server: PlatformTcpServer;
  let client: PlatformTcpClient;
  let lifecycle: LifecycleService;
  let histogram: Histogram<string>;
  const events: unknown[] = [];
  let eventSeen: () => void = () => undefined;

  const handler = (fn: (data: unknown) => unknown): MessageHandler =>
    (async (data: unknown) => fn(data)) as MessageHandler;
  const envelope = (requestId: string, data: unknown) => ({ meta: { requestId }, data });
  const routingMap = (tcpClient: ClientTCP) =>
    (tcpClient as unknown as { routingMap: Map<string, unknown> }).routingMap;

  beforeAll(async () => {
    lifecycle = new LifecycleService();
    histogram = new Histogram({
      name: 'nest_tcp_internals_seconds',
      help: 'test',
      labelNames: ['pattern', 'outcome'],
      registers: [],
    });
    const config = { LOG_REQUESTS: false } as unknown as PlatformConfig;
    server = new PlatformTcpServer(
      { host: '127.0.0.1', port: 0, socketClass: CoalescingJsonSocket },
      new RpcWork(lifecycle, new RpcMetrics(histogram), config),
    );
    server.addHandler(
      'test.echo',
      handler((data) => ({
        requestId: RequestContext.requestId(),
        data: (data as { data: unknown }).data,
      })),
    );
    server.addHandler(
      { cmd: 'sum' },
      handler((data) => ((data as { data: number[] }).data ?? []).reduce((a, b) => a + b, 0)),
    );
    server.addHandler(
      'test.fails',
      handler(() => throwError(() => ({ code: 'NOT_FOUND', message: 'gone' }))),
    );
    server.addHandler(
      'test.event',
      handler((data) => {
        events.push(data);
        eventSeen();
        return undefined;
      }),
      true,
    );
    await new Promise<void>((resolve, reject) =>
      server.listen((error?: unknown) =>
        error
          ? reject(error instanceof Error ? error : new Error('listen failed', { cause: error }))
          : resolve(),
      ),
    );
    const { port } = server.unwrap<net.Server>().address() as net.AddressInfo;
    client = new PlatformTcpClient({ host: '127.0.0.1', port });
  });

  afterEach(() => jest.restoreAllMocks());

  afterAll(() => {
    client.close();
    server.close();
  });

  it('routes a reply through the client override of handleResponse, which finds the caller in routingMap', async () => {
    const handleResponse = jest.spyOn(client, 'handleResponse');
    await expect(client.request<Echo>('test.echo', envelope('r-1', { n: 1 }), 2_000)).resolves.toEqual({
      requestId: 'r-1',
      data: { n: 1 },
    });
    expect(handleResponse).toHaveBeenCalledTimes(1);
    expect(routingMap(client).size).toBe(0);

    // Nest's own handleResponse awaits the deserializer first; the override hands the reply over at once.
    const callback = jest.fn();
    routingMap(client).set('direct', callback);
    void client.handleResponse({ id: 'direct', response: 42, isDisposed: true });
    expect(callback).toHaveBeenCalledWith({ err: undefined, response: 42, isDisposed: true });
    routingMap(client).delete('direct');
  });

  it('runs the handler in the caller request context and accounts for it (the server override of handleMessage)', async () => {
    await client.request<Echo>('test.echo', envelope('r-2', null), 2_000);
    expect(lifecycle.inFlightCount).toBe(0);
    const { values } = await histogram.get();
    const counted = values.find(
      (value) =>
        value.metricName === 'nest_tcp_internals_seconds_count' &&
        value.labels.pattern === 'test.echo' &&
        value.labels.outcome === 'ok',
    );
    expect(counted?.value).toBeGreaterThanOrEqual(1);
  });

  it('sends an error through Nest send() as a disposed reply that carries the error body', async () => {
    await expect(client.request('test.fails', envelope('r-3', null), 2_000)).rejects.toEqual({
      code: 'NOT_FOUND',
      message: 'gone',
    });
  });

  it('answers an unknown pattern with the error Nest own server sends', async () => {
    await expect(client.request('test.nothing', envelope('r-4', null), 2_000)).rejects.toBe(
      NO_MESSAGE_HANDLER,
    );
  });

  it('takes dotted patterns straight to normalizePattern and object patterns through Nest getRouteFromPattern', async () => {
    const upstream = jest.spyOn(
      ServerTCP.prototype as unknown as { getRouteFromPattern(pattern: string): string },
      'getRouteFromPattern',
    );
    await client.request('test.echo', envelope('r-5', null), 2_000);
    expect(upstream).not.toHaveBeenCalled();
    await expect(
      client.request<number>(JSON.stringify({ cmd: 'sum' }), envelope('r-6', [1, 2, 3]), 2_000),
    ).resolves.toBe(6);
    expect(upstream).toHaveBeenCalledTimes(1);
  });

  it('hands a packet without an id to Nest handleEvent', async () => {
    const seen = new Promise<void>((resolve) => (eventSeen = resolve));
    await lastValueFrom(client.emit('test.event', envelope('r-7', 'hello')), { defaultValue: undefined });
    await seen;
    expect(events).toContainEqual(envelope('r-7', 'hello'));
  });

  it('writes the frames of one tick through JsonSocket.handleSend under one cork of netSocket', async () => {
    await client.request('test.echo', envelope('warm-up', null), 2_000);
    const netSocket = client.unwrap<net.Socket>();
    const handleSend = jest.spyOn(
      CoalescingJsonSocket.prototype as unknown as { handleSend(m: unknown, c?: unknown): void },
      'handleSend',
    );
    const cork = jest.spyOn(net.Socket.prototype, 'cork');

    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) => client.request<Echo>('test.echo', envelope(`b-${i}`, i), 2_000)),
    );

    expect(replies.map((reply) => reply.data)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    const clientSends = handleSend.mock.calls.filter(
      (_, i) => (handleSend.mock.contexts[i] as TcpSocket).netSocket === netSocket,
    );
    expect(clientSends).toHaveLength(20);
    for (const [message, callback] of clientSends) {
      expect(message).toMatchObject({ pattern: 'test.echo', id: expect.any(String) });
      expect(callback).toBeUndefined();
    }
    expect(cork.mock.contexts.filter((context) => context === netSocket)).toHaveLength(1);
  });

  it('keeps the members and arities the overrides call or replace', () => {
    const arities: Array<[string, unknown, number]> = [
      ['ClientTCP.handleResponse(buffer)', ClientTCP.prototype.handleResponse, 1],
      ['ClientTCP.publish(packet, callback)', Reflect.get(ClientTCP.prototype, 'publish'), 2],
      ['JsonSocket.handleSend(message, callback)', Reflect.get(JsonSocket.prototype, 'handleSend'), 2],
      ['ServerTCP.handleMessage(socket, rawMessage)', ServerTCP.prototype.handleMessage, 2],
      ['ServerTCP.getRouteFromPattern(pattern)', Reflect.get(ServerTCP.prototype, 'getRouteFromPattern'), 1],
      ['ServerTCP.normalizePattern(pattern)', Reflect.get(ServerTCP.prototype, 'normalizePattern'), 1],
      ['ServerTCP.getPatternAsString(pattern)', Reflect.get(ServerTCP.prototype, 'getPatternAsString'), 1],
      ['ServerTCP.getHandlerByPattern(pattern)', ServerTCP.prototype.getHandlerByPattern, 1],
      ['ServerTCP.transformToObservable(result)', ServerTCP.prototype.transformToObservable, 1],
      ['ServerTCP.send(stream$, respond)', ServerTCP.prototype.send, 2],
      ['ServerTCP.handleEvent(pattern, packet, context)', ServerTCP.prototype.handleEvent, 3],
    ];
    const found = arities.map(([name, fn]) => [name, typeof fn === 'function' ? fn.length : 'missing']);
    expect(found).toEqual(arities.map(([name, , arity]) => [name, arity]));
    expect(Object.getOwnPropertyDescriptor(TcpSocket.prototype, 'netSocket')?.get).toBeInstanceOf(Function);
    const internals = client as unknown as { deserializer: { deserialize: unknown } };
    expect(routingMap(client)).toBeInstanceOf(Map);
    expect(typeof internals.deserializer.deserialize).toBe('function');
  });

  it('still has the Nest code the overrides re-implement, as it was when the ADR was written', () => {
    // The overrides do what these do, minus per-call promises and observables: a change upstream must be re-read.
    const reviewed: Array<[string, unknown, string]> = [
      ['ServerTCP.handleMessage', ServerTCP.prototype.handleMessage, '6387210d13809a6a'],
      ['ClientTCP.handleResponse', ClientTCP.prototype.handleResponse, '1c3b0767da54a2bb'],
      [
        'Server.getRouteFromPattern',
        Reflect.get(ServerTCP.prototype, 'getRouteFromPattern'),
        'a557f31f4ecec823',
      ],
    ];
    const changed = reviewed
      .filter(([, fn, reviewedHash]) => sourceFingerprint(fn) !== reviewedHash)
      .map(
        ([name]) => `${name} changed upstream: compare it with its override (${ADR}), then update its hash`,
      );
    expect(changed).toEqual([]);
  });
});

/** A short hash of a function's source, whitespace-insensitive. */
function sourceFingerprint(fn: unknown): string {
  return createHash('sha256').update(String(fn).replace(/\s+/g, ' ')).digest('hex').slice(0, 16);
}
