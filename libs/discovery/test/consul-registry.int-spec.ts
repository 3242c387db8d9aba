import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ConsulRegistry,
  ConsulRegistryOptions,
  ConsulUnreachableError,
  DuplicateInstanceIdError,
  InstanceRegistration,
  ServiceInstance,
} from '@bazaar/discovery';
import { ConsulTestServer } from '../../../test/support/consul/consul-test-server';
import { eventually } from '../../../test/support/eventually';
import { freePort } from '../../../test/support/free-port';

/** An instance's ops port: `/health/ready` answers whatever the test sets. */
class OpsPort {
  ready = true;
  private constructor(
    private readonly server: http.Server,
    readonly port: number,
  ) {}

  static async start(): Promise<OpsPort> {
    const box: { self?: OpsPort } = {};
    const server = http.createServer((request, response) => {
      response.statusCode = request.url === '/health/ready' && box.self?.ready ? 200 : 503;
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    box.self = new OpsPort(server, (server.address() as AddressInfo).port);
    return box.self;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * The Consul adapter of the discovery port, with the real `consul` client against the Consul API test server:
 * registration with a check on `/health/ready`, lookups that follow instances as their checks pass and fail, the
 * last instances kept while Consul is gone, and the refusals at start.
 */
describe('ConsulRegistry', () => {
  let consul: ConsulTestServer;
  const opened: Array<{ close(): Promise<void> }> = [];
  const reachability: boolean[] = [];

  const options = (overrides: Partial<ConsulRegistryOptions> = {}): ConsulRegistryOptions => ({
    url: consul.url,
    checkInterval: '1s',
    checkTimeout: '500ms',
    deregisterAfter: '1m',
    requestTimeoutMs: 1_000,
    watchWait: '2s',
    watchBackoffMaxMs: 300,
    observer: { registryReachable: (reachable) => reachability.push(reachable) },
    ...overrides,
  });
  const connect = async (overrides?: Partial<ConsulRegistryOptions>) => {
    const registry = await ConsulRegistry.connect(options(overrides));
    opened.push(registry);
    return registry;
  };
  const opsPort = async () => {
    const ops = await OpsPort.start();
    opened.push(ops);
    return ops;
  };
  const registration = (ops: OpsPort, port: number, id = `catalog-${port}`): InstanceRegistration => ({
    service: 'catalog',
    id,
    host: '127.0.0.1',
    port,
    opsPort: ops.port,
    version: '1.2.3',
    tags: ['bazaar', 'tcp'],
  });
  /** The instances a watch was last told of, by port. */
  const follow = async (service: 'catalog' = 'catalog') => {
    const watcher = await connect();
    const seen: { instances: ServiceInstance[]; updates: number } = { instances: [], updates: 0 };
    watcher.watch(service, (instances) => {
      seen.instances = instances;
      seen.updates++;
    });
    const ports = () => Promise.resolve(seen.instances.map((instance) => instance.port).sort());
    return { seen, ports };
  };

  beforeEach(async () => {
    consul = await ConsulTestServer.start();
    reachability.length = 0;
  });

  afterEach(async () => {
    for (const resource of opened.splice(0).reverse()) await resource.close();
    await consul.close();
  });

  it('registers an instance with its address, meta, tags and a check on its /health/ready', async () => {
    const ops = await opsPort();
    const registry = await connect();
    await registry.register(registration(ops, 4102));
    const { seen, ports } = await follow();
    // A new check starts critical: the instance is listed once Consul has seen it ready.
    await eventually(ports, (p) => p.join() === '4102', 5_000, 'the instance to pass its check');
    expect(seen.instances[0]).toEqual({
      id: 'catalog-4102',
      host: '127.0.0.1',
      port: 4102,
      meta: { ops_port: String(ops.port), version: '1.2.3' },
    });
  });

  it('follows instances as they appear, fail their check, recover and deregister', async () => {
    const [a, b] = [await opsPort(), await opsPort()];
    const registry = await connect();
    const other = await connect();
    const { ports } = await follow();
    await registry.register(registration(a, 5001));
    await other.register(registration(b, 5002));
    await eventually(ports, (p) => p.join() === '5001,5002', 5_000, 'both instances');
    b.ready = false;
    await eventually(ports, (p) => p.join() === '5001', 5_000, 'the unready one to drop out');
    b.ready = true;
    await eventually(ports, (p) => p.join() === '5001,5002', 5_000, 'it to come back');
    await registry.deregister();
    await eventually(ports, (p) => p.join() === '5002', 5_000, 'the deregistered one to leave');
    expect(consul.serviceIds).toEqual(['catalog-5002']);
  });

  it('never lists an instance that registers but never turns ready', async () => {
    const ops = await opsPort();
    ops.ready = false;
    await (await connect()).register(registration(ops, 5003));
    const { seen } = await follow();
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(seen.instances).toEqual([]);
  });

  it('keeps the last instances while Consul is gone, says so, and follows again once it is back', async () => {
    const ops = await opsPort();
    await (await connect()).register(registration(ops, 5004));
    const { seen, ports } = await follow();
    await eventually(ports, (p) => p.join() === '5004', 5_000, 'the instance');
    const updates = seen.updates;
    await consul.stop();
    await eventually(
      () => Promise.resolve(reachability),
      (r) => r.includes(false),
      5_000,
      'Consul to be missed',
    );
    expect(seen.updates).toBe(updates);
    expect(await ports()).toEqual([5004]);
    await consul.restart();
    await eventually(
      () => Promise.resolve(reachability.at(-1)),
      (r) => r === true,
      5_000,
      'Consul to answer again',
    );
    ops.ready = false;
    await eventually(ports, (p) => p.length === 0, 5_000, 'changes to be followed again');
  });

  it('refuses an ID another live instance holds, and takes over the ID of its own earlier run', async () => {
    const ops = await opsPort();
    await (await connect()).register(registration(ops, 5005, 'catalog-1'));
    const { ports } = await follow();
    await eventually(ports, (p) => p.join() === '5005', 5_000, 'the first holder');
    const second = await connect();
    await expect(second.register(registration(ops, 5006, 'catalog-1'))).rejects.toThrow(
      DuplicateInstanceIdError,
    );
    await expect(second.register(registration(ops, 5005, 'catalog-1'))).resolves.toBeUndefined();
  });

  it('refuses to start on a Consul that does not answer, naming CONSUL_URL', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const failure = ConsulRegistry.connect(options({ url }));
    await expect(failure).rejects.toThrow(ConsulUnreachableError);
    await expect(failure).rejects.toThrow(`CONSUL_URL=${url}`);
  });

  it('sends the ACL token with every request', async () => {
    await consul.close();
    consul = await ConsulTestServer.start({ requiredToken: 'secret-token' });
    const ops = await opsPort();
    const denied = await connect({ token: 'wrong' });
    await expect(denied.register(registration(ops, 5007))).rejects.toThrow();
    const allowed = await connect({ token: 'secret-token' });
    await allowed.register(registration(ops, 5007));
    expect(consul.serviceIds).toEqual(['catalog-5007']);
  });
});
