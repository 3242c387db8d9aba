import { EventEmitter } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Consul from 'consul';
import { ConsulTestServer } from '../support/consul/consul-test-server';
import { eventually } from '../support/eventually';
import { freePort } from '../support/free-port';

/** What `health.service` answers, as Consul's API documents it (only the fields asserted here). */
interface HealthEntry {
  Node: { Node: string; Address: string };
  Service: {
    ID: string;
    Service: string;
    Tags: string[];
    Address: string;
    Port: number;
    Meta: Record<string, string>;
  };
  Checks: Array<{
    CheckID: string;
    Name: string;
    Status: string;
    ServiceID: string;
    ServiceName: string;
    Output: string;
  }>;
}
interface KvEntry {
  Key: string;
  Value: string | null;
  Flags: number;
  CreateIndex: number;
  ModifyIndex: number;
  LockIndex: number;
}
/**
 * consul@2.0.1's typings lag its code: they leave out options it reads (`index`, `wait`, `ctx`, a check's
 * `deregistercriticalserviceafter`) and require `name` and `timeout` on every check, so such options go untyped.
 */
const untyped = (options: Record<string, unknown>): never => options as never;

interface Answer<T> {
  index: number;
  body: T;
}

/**
 * The Consul test server against the real `consul` client, each assertion checking a behaviour Consul's HTTP API
 * documentation states (quoted in the comments), so the discovery code tested against it would work on Consul.
 */
describe('ConsulTestServer, driven by the consul client', () => {
  let server: ConsulTestServer;
  let consul: Consul;
  let app: ReadinessApp;

  beforeAll(async () => {
    server = await ConsulTestServer.start();
    consul = new Consul({ host: '127.0.0.1', port: server.port });
    app = await ReadinessApp.start();
  });

  afterAll(async () => {
    consul?.destroy();
    await server?.close();
    await app?.close();
  });

  /** Calls a read with the response too (the client hands it back when `ctx.includeResponse` is set). */
  async function withIndex<T>(
    read: (options: { ctx: EventEmitter }) => Promise<unknown>,
  ): Promise<Answer<T>> {
    const ctx = Object.assign(new EventEmitter(), { includeResponse: true });
    const [response, body] = (await read({ ctx })) as [http.IncomingMessage, T];
    return { index: Number(response.headers['x-consul-index']), body };
  }

  const passing = (service: string) =>
    consul.health.service({ service, passing: true }) as Promise<HealthEntry[]>;
  const all = (service: string) => consul.health.service(service) as Promise<HealthEntry[]>;
  const register = (name: string, id: string, port: number, check?: Record<string, string>) =>
    consul.agent.service.register(
      untyped({
        name,
        id,
        address: '127.0.0.1',
        port,
        tags: ['bazaar', 'tcp'],
        meta: { ops_port: String(app.port), version: '1.0.0' },
        check: check ?? { http: `${app.url}/health/ready`, interval: '1s', timeout: '500ms' },
      }),
    );

  describe('services and HTTP checks', () => {
    afterEach(async () => {
      for (const id of server.serviceIds) await consul.agent.service.deregister(id);
      app.answer(200);
    });

    it('starts a new check critical, then follows /health/ready: 2xx passing, 429 warning, 503 critical', async () => {
      // "By default, when checks are registered against a Consul agent, the state is set immediately to
      // 'critical'": hold the check's first run to see that state before any result.
      app.hold();
      await register('catalog', 'catalog-1', 4101);
      const [fresh] = await all('catalog');
      expect(fresh.Checks.find((check) => check.CheckID === 'service:catalog-1')).toMatchObject({
        Status: 'critical',
        Output: '',
        Name: "Service 'catalog' check",
      });
      // "passing: Specifies that the server should return only nodes with all checks in the passing state."
      expect(await passing('catalog')).toEqual([]);

      app.release();
      // "Any 2xx code is considered passing, a 429 Too Many Requests is a warning, and anything else is a failure."
      const [ready] = await eventually(
        () => passing('catalog'),
        (entries) => entries.length === 1,
      );
      expect(ready.Service).toMatchObject({
        ID: 'catalog-1',
        Service: 'catalog',
        Tags: ['bazaar', 'tcp'],
        Address: '127.0.0.1',
        Port: 4101,
        Meta: { ops_port: String(app.port), version: '1.0.0' },
      });
      expect(ready.Node).toMatchObject({ Node: expect.any(String), Address: '127.0.0.1' });
      // The node's own check (serfHealth) comes with the service's checks, each naming its service.
      expect(ready.Checks.map((check) => check.CheckID).sort()).toEqual(['serfHealth', 'service:catalog-1']);
      expect(ready.Checks.find((check) => check.ServiceID === 'catalog-1')).toMatchObject({
        ServiceName: 'catalog',
        Status: 'passing',
        Output: expect.stringContaining('200 OK'),
      });

      // 429: a warning, listed but not passing.
      app.answer(429);
      await eventually(
        () => all('catalog'),
        ([entry]) => entry.Checks.some((check) => check.Status === 'warning'),
      );
      expect(await passing('catalog')).toEqual([]);

      // Anything else: critical.
      app.answer(503);
      await eventually(
        () => all('catalog'),
        ([entry]) => entry.Checks.some((check) => check.Status === 'critical'),
      );
      expect(await passing('catalog')).toEqual([]);
      expect((await consul.health.checks('catalog')) as Array<{ Status: string }>).toEqual([
        expect.objectContaining({ CheckID: 'service:catalog-1', Status: 'critical', ServiceName: 'catalog' }),
      ]);

      app.answer(200);
      await eventually(
        () => passing('catalog'),
        (entries) => entries.length === 1,
      );
    });

    it('replaces a registration with the same ID, and deregisters by ID', async () => {
      await register('catalog', 'catalog-1', 4101);
      // Service IDs are unique per agent: registering an ID the agent has already replaces that service.
      await register('catalog', 'catalog-1', 4102);
      const services = (await consul.agent.service.list()) as Record<
        string,
        { Service: string; Port: number }
      >;
      expect(services).toEqual({ 'catalog-1': expect.objectContaining({ Service: 'catalog', Port: 4102 }) });
      const entries = await eventually(
        () => passing('catalog'),
        (found) => found.length === 1,
      );
      expect(entries.map((entry) => entry.Service.Port)).toEqual([4102]);
      // "tag: Specifies the tag to filter the list."
      expect(await consul.health.service({ service: 'catalog', tag: 'tcp' })).toHaveLength(1);
      expect(await consul.health.service({ service: 'catalog', tag: 'grpc' })).toEqual([]);

      await consul.agent.service.deregister('catalog-1');
      expect(await consul.agent.service.list()).toEqual({});
      expect(await all('catalog')).toEqual([]);
      // Deregistering an ID the agent does not know is a 404.
      await expect(consul.agent.service.deregister('catalog-1')).rejects.toMatchObject({ statusCode: 404 });
    });

    it('turns TTL checks with pass, warn and fail, and critical again when the TTL passes', async () => {
      await consul.agent.service.register(
        untyped({ name: 'orders', id: 'orders-1', port: 4201, check: { ttl: '2s' } }),
      );
      const status = async () =>
        ((await consul.health.checks('orders')) as Array<{ Status: string }>)[0].Status;
      expect(await status()).toBe('critical');
      // "When this endpoint is accessed, the status of the check is set to passing, and the TTL clock is reset."
      await consul.agent.check.pass({ id: 'service:orders-1', note: 'fine' });
      expect(await status()).toBe('passing');
      await consul.agent.check.warn('service:orders-1');
      expect(await status()).toBe('warning');
      await consul.agent.check.fail('service:orders-1');
      expect(await status()).toBe('critical');
      await consul.agent.check.pass('service:orders-1');
      // "If an external system fails to update the status within a given TTL, the check is set to the failed state."
      await eventually(status, (now) => now === 'critical', 10_000, 'the TTL to run out');
    });

    it('answers a blocking health query as soon as the service changes, or at `wait` with the same index', async () => {
      await register('catalog', 'catalog-1', 4101);
      const first = await eventually(
        () =>
          withIndex<HealthEntry[]>((ctx) =>
            consul.health.service({ service: 'catalog', passing: true, ...ctx }),
          ),
        ({ body }) => body.length === 1,
      );
      // "Endpoints that support blocking queries return an HTTP header named X-Consul-Index."
      expect(first.index).toBeGreaterThan(0);

      // "The request will hang until a change in the system occurs, or the maximum timeout is reached": nothing
      // changes, so it answers at `wait` with the index it was given.
      const started = Date.now();
      const unchanged = await withIndex<HealthEntry[]>((ctx) =>
        consul.health.service(
          untyped({ service: 'catalog', passing: true, index: first.index, wait: '1s', ...ctx }),
        ),
      );
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
      expect(unchanged.index).toBe(first.index);
      expect(unchanged.body).toHaveLength(1);

      // A change to this service answers at once (a 10-minute wait would outlast the test).
      const blocked = withIndex<HealthEntry[]>((ctx) =>
        consul.health.service(untyped({ service: 'catalog', index: first.index, wait: '10m', ...ctx })),
      );
      await register('catalog', 'catalog-2', 4102);
      const changed = await blocked;
      expect(changed.index).toBeGreaterThan(first.index);
      expect(changed.body.map((entry) => entry.Service.ID).sort()).toEqual(['catalog-1', 'catalog-2']);
    });

    it('feeds consul.watch on health.service with a change event per change', async () => {
      const changes: HealthEntry[][] = [];
      const watch = consul.watch({
        method: consul.health.service,
        options: { service: 'cart', passing: 'true', wait: '10s' },
      });
      watch.on('change', (entries: HealthEntry[]) => changes.push(entries));
      try {
        await eventually(
          async () => changes.length,
          (count) => count === 1,
          10_000,
          'the first change event',
        );
        expect(changes[0]).toEqual([]);
        await register('cart', 'cart-1', 4301);
        await eventually(
          async () => changes.at(-1)!,
          (entries) => entries.length === 1,
          10_000,
          'cart-1 passing',
        );
        await consul.agent.service.deregister('cart-1');
        await eventually(
          async () => changes.at(-1)!,
          (entries) => entries.length === 0,
          10_000,
          'cart-1 gone',
        );
      } finally {
        watch.end();
      }
    });

    it('deregisters a service critical for longer than DeregisterCriticalServiceAfter', async () => {
      // Consul honours 1 min at least and reaps every 30 s; a server with both lowered shows the same in a moment.
      const quick = await ConsulTestServer.start({
        checkReapIntervalMs: 100,
        checkDeregisterIntervalMinMs: 0,
      });
      const client = new Consul({ host: '127.0.0.1', port: quick.port });
      try {
        app.answer(503);
        await client.agent.service.register(
          untyped({
            name: 'search',
            id: 'search-1',
            port: 4401,
            check: {
              http: `${app.url}/health/ready`,
              interval: '1s',
              deregistercriticalserviceafter: '500ms',
            },
          }),
        );
        await eventually(
          async () => quick.serviceIds,
          (ids) => ids.length === 0,
          10_000,
          'search-1 reaped',
        );
        expect(await client.agent.service.list()).toEqual({});
      } finally {
        client.destroy();
        await quick.close();
      }
    });
  });

  describe('KV', () => {
    afterEach(async () => {
      await consul.kv.del({ key: 'bazaar/', recurse: true });
    });

    it('stores values base64-encoded and reads them back, with a ModifyIndex that moves on each write', async () => {
      const config = JSON.stringify({ GATEWAY_RATE_LIMIT: 50, note: 'ünïcode & {braces}' });
      // "The return value is either true or false. If false is returned, the update has not taken place."
      expect(await consul.kv.set('bazaar/gateway/config', config)).toBe(true);
      const first = (await consul.kv.get('bazaar/gateway/config')) as KvEntry;
      // The client base64-decodes `Value`: the round trip holds only if the server encoded it.
      expect(first).toMatchObject({ Key: 'bazaar/gateway/config', Value: config, Flags: 0, LockIndex: 0 });
      expect(first.CreateIndex).toBe(first.ModifyIndex);
      expect(await consul.kv.get({ key: 'bazaar/gateway/config', raw: true })).toEqual(Buffer.from(config));

      await consul.kv.set({ key: 'bazaar/gateway/config', value: '{"GATEWAY_RATE_LIMIT":5}', flags: 42 });
      const second = (await consul.kv.get('bazaar/gateway/config')) as KvEntry;
      // "CreateIndex is the internal index value that represents when the entry was created. ModifyIndex is the
      // last index that modified this key."
      expect(second.CreateIndex).toBe(first.CreateIndex);
      expect(second.ModifyIndex).toBeGreaterThan(first.ModifyIndex);
      expect(second).toMatchObject({ Value: '{"GATEWAY_RATE_LIMIT":5}', Flags: 42 });
    });

    it('writes with cas only when the index matches, and 0 only for a new key', async () => {
      // The client resolves Consul's `false` as undefined (papi drops a falsy body), so read the answer itself.
      const casWrite = async (value: string, cas: number) =>
        (
          await withIndex<boolean>((ctx) =>
            consul.kv.set(untyped({ key: 'bazaar/cart/config', value, cas, ...ctx })),
          )
        ).body;
      // "If the index is 0, Consul will only put the key if it does not already exist."
      expect(await casWrite('a', 0)).toBe(true);
      expect(await casWrite('b', 0)).toBe(false);
      const { ModifyIndex } = (await consul.kv.get('bazaar/cart/config')) as KvEntry;
      // "If the index is non-zero, the key is only set if the index matches the ModifyIndex of that key."
      expect(await casWrite('c', ModifyIndex)).toBe(true);
      expect(await casWrite('d', ModifyIndex)).toBe(false);
      expect(
        await consul.kv.set({ key: 'bazaar/cart/config', value: 'e', cas: ModifyIndex }),
      ).toBeUndefined();
      expect(((await consul.kv.get('bazaar/cart/config')) as KvEntry).Value).toBe('c');
    });

    it('lists a prefix with recurse and keys, deletes, and answers a missing key with nothing (404)', async () => {
      await consul.kv.set('bazaar/gateway/config', '{}');
      await consul.kv.set('bazaar/catalog/config', '{}');
      await consul.kv.set('bazaar/catalog/flags', '{}');
      const entries = (await consul.kv.get({ key: 'bazaar/', recurse: true })) as KvEntry[];
      expect(entries.map((entry) => entry.Key)).toEqual([
        'bazaar/catalog/config',
        'bazaar/catalog/flags',
        'bazaar/gateway/config',
      ]);
      // "separator: Specifies the string to use as a separator for recursive key lookups."
      expect(await consul.kv.keys({ key: 'bazaar/', separator: '/' })).toEqual([
        'bazaar/catalog/',
        'bazaar/gateway/',
      ]);

      expect(await consul.kv.del('bazaar/catalog/flags')).toBe(true);
      // "If no key exists at the given path, a 404 is returned": the client resolves with nothing.
      expect(await consul.kv.get('bazaar/catalog/flags')).toBeUndefined();
      expect(await consul.kv.get('bazaar/never/written')).toBeUndefined();
    });

    it('answers a blocking KV read when the key changes', async () => {
      await consul.kv.set('bazaar/gateway/config', '{"GATEWAY_RATE_LIMIT":50}');
      const before = await withIndex<KvEntry>((ctx) =>
        consul.kv.get({ key: 'bazaar/gateway/config', ...ctx }),
      );
      // "ModifyIndex ... corresponds to the X-Consul-Index header value that is returned in responses."
      expect(before.index).toBe(before.body.ModifyIndex);

      const blocked = withIndex<KvEntry>((ctx) =>
        consul.kv.get(untyped({ key: 'bazaar/gateway/config', index: before.index, wait: '10m', ...ctx })),
      );
      await consul.kv.set('bazaar/other/config', '{}'); // another key: the blocked read keeps waiting
      await consul.kv.set('bazaar/gateway/config', '{"GATEWAY_RATE_LIMIT":5}');
      const after = await blocked;
      expect(after.body.Value).toBe('{"GATEWAY_RATE_LIMIT":5}');
      expect(after.index).toBe(after.body.ModifyIndex);
    });
  });

  it('is reached again by the client once it is back after a stop, with its state', async () => {
    await consul.kv.set('bazaar/gateway/config', 'kept');
    const changes: HealthEntry[][] = [];
    const watch = consul.watch({
      method: consul.health.service,
      options: { service: 'payments', wait: '10s' },
    });
    watch.on('change', (entries: HealthEntry[]) => changes.push(entries));
    watch.on('error', () => undefined); // while Consul is away, the watch reports errors and retries
    try {
      await eventually(
        async () => changes.length,
        (count) => count === 1,
        10_000,
        'the first change event',
      );
      await server.stop();
      // Under Jest, papi may resolve with a network error rather than reject: Node's errors come from another realm
      // than the test's `Error`, which its `instanceof Error` check misses. Either way, the call fails.
      const whileAway: unknown = await consul.status.leader().catch((error: unknown) => error);
      expect(whileAway).toMatchObject({
        message: expect.stringMatching(/ECONNREFUSED|ECONNRESET|socket hang up/),
      });
      await server.restart();
      expect(await consul.status.leader()).toBe('127.0.0.1:8300');
      expect(((await consul.kv.get('bazaar/gateway/config')) as KvEntry).Value).toBe('kept');
      await register('payments', 'payments-1', 4501);
      await eventually(
        async () => changes.at(-1)!,
        (entries) => entries.length === 1,
        10_000,
        'payments-1 seen',
      );
    } finally {
      watch.end();
      await consul.agent.service.deregister('payments-1');
      await consul.kv.del('bazaar/gateway/config');
    }
  });

  it('refuses requests without the ACL token as Consul does with default-deny ACLs', async () => {
    const secured = await ConsulTestServer.start({ requiredToken: 'bazaar-token' });
    const anonymous = new Consul({ host: '127.0.0.1', port: secured.port });
    const stranger = new Consul({ host: '127.0.0.1', port: secured.port, defaults: { token: 'wrong' } });
    const trusted = new Consul({
      host: '127.0.0.1',
      port: secured.port,
      defaults: { token: 'bazaar-token' },
    });
    try {
      // Writes without a token: 403 "Permission denied"; with a token Consul does not know: 403 "ACL not found".
      await expect(anonymous.agent.service.register({ name: 'catalog', port: 1 })).rejects.toMatchObject({
        statusCode: 403,
        message: expect.stringContaining('Permission denied'),
      });
      await expect(stranger.kv.set('bazaar/catalog/config', '{}')).rejects.toMatchObject({
        statusCode: 403,
        message: expect.stringContaining('ACL not found'),
      });
      await trusted.agent.service.register(
        untyped({ name: 'catalog', id: 'catalog-1', port: 1, check: { ttl: '1m' } }),
      );
      expect(await trusted.kv.set('bazaar/catalog/config', '{}')).toBe(true);
      expect(((await trusted.health.service('catalog')) as HealthEntry[]).length).toBe(1);
      // Reads without a token are filtered rather than refused: the service is there, but not for them.
      expect(await anonymous.health.service('catalog')).toEqual([]);
      await expect(anonymous.kv.get('bazaar/catalog/config')).rejects.toMatchObject({ statusCode: 403 });
      // Consul's status endpoints need no token.
      expect(await anonymous.status.leader()).toBe('127.0.0.1:8300');
    } finally {
      for (const client of [anonymous, stranger, trusted]) client.destroy();
      await secured.close();
    }
  });
});

/**
 * A service's ops port, reduced to `/health/ready`: answers the status the test sets, or holds every request
 * until `release()` (a check whose first run has not finished yet).
 */
class ReadinessApp {
  private status = 200;
  private held: Array<() => void> | undefined;

  private readonly server = http.createServer((_request, response) => {
    const reply = () =>
      response.writeHead(this.status, { 'Content-Type': 'text/plain' }).end(`status ${this.status}`);
    if (this.held) this.held.push(reply);
    else reply();
  });

  static async start(): Promise<ReadinessApp> {
    const app = new ReadinessApp();
    const port = await freePort();
    await new Promise<void>((resolve) => app.server.listen(port, '127.0.0.1', resolve));
    return app;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  answer(status: number): void {
    this.status = status;
  }

  hold(): void {
    this.held ??= [];
  }

  release(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const reply of held) reply();
  }

  async close(): Promise<void> {
    this.release();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
