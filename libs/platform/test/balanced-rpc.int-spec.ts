import net from 'node:net';
import { MessageHandler } from '@nestjs/microservices';
import { Histogram } from 'prom-client';
import { throwError } from 'rxjs';
import { CATALOG_PATTERNS } from '@bazaar/contracts';
import { PoolObserver } from '@bazaar/discovery';
import { RpcMetrics } from '@bazaar/metrics';
import { createRpcClient, DomainError, LifecycleService, PlatformConfig, RpcClient } from '@bazaar/platform';
import { CoalescingJsonSocket } from '../src/rpc/coalescing-json-socket';
import { PlatformTcpServer } from '../src/rpc/platform-tcp-server';
import { RpcWork } from '../src/rpc/rpc-work';

/**
 * Client-side load balancing over real Nest TCP servers on loopback, found through static discovery
 * (`CATALOG_RPC_ADDRESSES`): round-robin, ejection of an instance that fails in transit, one retry of a read on
 * another instance, no retry of a write, and a killed instance taken back once it answers again.
 */
describe('RPC calls spread over the instances of a service', () => {
  const EJECT_MS = 400;
  const work = new RpcWork(
    new LifecycleService(),
    new RpcMetrics(
      new Histogram({
        name: 'balanced_rpc_seconds',
        help: 'test',
        labelNames: ['pattern', 'outcome'],
        registers: [],
      }),
    ),
    { LOG_REQUESTS: false } as unknown as PlatformConfig,
  );

  /** One catalog instance: answers reads and writes with its own name, counts what it handled. */
  class Instance {
    handled = 0;
    private server?: PlatformTcpServer;
    private readonly sockets = new Set<net.Socket>();

    constructor(
      readonly name: string,
      public port = 0,
    ) {}

    async start(): Promise<void> {
      const server = new PlatformTcpServer(
        { host: '127.0.0.1', port: this.port, socketClass: CoalescingJsonSocket },
        work,
      );
      const answer = (async () => {
        this.handled++;
        return { instance: this.name };
      }) as MessageHandler;
      server.addHandler(CATALOG_PATTERNS.getProduct, answer);
      server.addHandler(CATALOG_PATTERNS.createProduct, answer);
      server.addHandler(CATALOG_PATTERNS.listProducts, (async () => {
        this.handled++;
        return throwError(() => ({ code: 'NOT_FOUND', message: 'no such page' }));
      }) as MessageHandler);
      await new Promise<void>((resolve, reject) =>
        server.listen((error?: unknown) =>
          error ? reject(new Error('listen failed', { cause: error })) : resolve(),
        ),
      );
      const tcp = server.unwrap<net.Server>();
      tcp.on('connection', (socket: net.Socket) => {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
      });
      this.port = (tcp.address() as net.AddressInfo).port;
      this.server = server;
    }

    /** Like a SIGKILL: the port closes and every open connection is cut at once. */
    kill(): void {
      this.server?.close();
      for (const socket of this.sockets) socket.destroy();
      this.server = undefined;
    }
  }

  const ejections: string[] = [];
  const observer: PoolObserver = {
    instancesChanged: () => undefined,
    ejected: (_service, address) => ejections.push(address),
  };
  let instances: Instance[];
  let client: RpcClient;

  const clientOver = (list: Instance[]) =>
    createRpcClient('catalog', 1_000, undefined, {
      env: { CATALOG_RPC_ADDRESSES: list.map((instance) => `127.0.0.1:${instance.port}`).join(',') },
      ejectMs: EJECT_MS,
      observer,
    });
  const read = (id = 'p-1') => client.send<{ instance: string }>(CATALOG_PATTERNS.getProduct, { id });
  const counts = () => instances.map((instance) => instance.handled);
  const reset = () => instances.forEach((instance) => (instance.handled = 0));

  beforeEach(async () => {
    instances = [new Instance('a'), new Instance('b'), new Instance('c')];
    for (const instance of instances) await instance.start();
    client = clientOver(instances);
    ejections.length = 0;
  });

  afterEach(async () => {
    await client.close();
    instances.forEach((instance) => instance.kill());
  });

  it('sends each call to the next instance in turn', async () => {
    for (let i = 0; i < 30; i++) await read();
    expect(counts()).toEqual([10, 10, 10]);
  });

  it('answers every read while an instance is killed mid-stream, and spreads them over the survivors', async () => {
    for (let i = 0; i < 6; i++) await read();
    reset();
    // Sixty reads under way, twenty of them bound for b, when b dies.
    const burst = Promise.allSettled(Array.from({ length: 60 }, () => read()));
    instances[1].kill();
    const answers = await burst;
    expect(answers.filter((answer) => answer.status === 'rejected')).toEqual([]);
    expect(instances[1].handled).toBe(0);
    expect(instances[0].handled + instances[2].handled).toBe(60);
    expect(Math.abs(instances[0].handled - instances[2].handled)).toBeLessThanOrEqual(2);
    expect(ejections).toContain(`127.0.0.1:${instances[1].port}`);
  });

  it('does not resend a write that failed in transit: the caller decides', async () => {
    instances[1].kill();
    await read(); // a
    const write = client.send(CATALOG_PATTERNS.createProduct, { sku: 'X' }); // b: dead
    await expect(write).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(counts()).toEqual([1, 0, 0]);
  });

  it('treats a remote error as an answer: nothing is ejected or retried', async () => {
    const errors = await Promise.allSettled(
      Array.from({ length: 9 }, () => client.send(CATALOG_PATTERNS.listProducts, {})),
    );
    expect(
      errors.every((e) => e.status === 'rejected' && (e.reason as DomainError).code === 'NOT_FOUND'),
    ).toBe(true);
    expect(counts()).toEqual([3, 3, 3]);
    expect(ejections).toEqual([]);
  });

  it('takes a killed instance back after its cool-down once it answers again', async () => {
    instances[1].kill();
    for (let i = 0; i < 9; i++) await read();
    expect(instances[1].handled).toBe(0);
    await instances[1].start();
    await new Promise((resolve) => setTimeout(resolve, EJECT_MS + 50));
    reset();
    for (let i = 0; i < 30; i++) await read();
    expect(counts()).toEqual([10, 10, 10]);
  });

  it('still tries a lone instance that failed: a cool-down of certain failures would help nobody', async () => {
    await client.close();
    const lone = instances[0];
    client = clientOver([lone]);
    await read();
    lone.kill();
    await expect(read()).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    await lone.start();
    await expect(read()).resolves.toEqual({ instance: 'a' });
  });
});
