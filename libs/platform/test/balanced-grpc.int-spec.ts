import { loadPackageDefinition, Server, ServerCredentials, ServiceDefinition } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { INVENTORY_PROTO_PACKAGE, inventoryProtoPath, inventoryV1 } from '@bazaar/contracts';
import { GRPC_LOADER_OPTIONS, GrpcClient } from '@bazaar/platform';

type Handler = (call: { request: { sku?: string } }, callback: (error: null, reply: unknown) => void) => void;

/**
 * gRPC calls spread over the instances of inventory (static discovery, `INVENTORY_RPC_ADDRESSES`), each a real
 * grpc-js server on loopback answering with its own name: round-robin, and a read sent once more to another
 * instance when the first one is gone; a write is not.
 */
describe('gRPC calls spread over the instances of a service', () => {
  const definition = (() => {
    let node: unknown = loadPackageDefinition(loadSync(inventoryProtoPath(), GRPC_LOADER_OPTIONS));
    for (const segment of `${INVENTORY_PROTO_PACKAGE}.InventoryService`.split('.'))
      node = (node as Record<string, unknown>)[segment];
    return (node as { service: ServiceDefinition }).service;
  })();

  class Instance {
    handled = 0;
    private server?: Server;
    constructor(
      readonly name: string,
      public port = 0,
    ) {}

    async start(): Promise<void> {
      const server = new Server();
      const answer: Handler = (call, callback) => {
        this.handled++;
        // The instance's name rides in `sku`: which instance answered is what the test reads.
        callback(null, { sku: this.name, onHand: 1, reserved: 0, available: 1 });
      };
      server.addService(definition, { getStock: answer, adjustStock: answer });
      this.port = await new Promise<number>((resolve, reject) =>
        server.bindAsync(`127.0.0.1:${this.port}`, ServerCredentials.createInsecure(), (error, port) =>
          error ? reject(error) : resolve(port),
        ),
      );
      this.server = server;
    }

    kill(): void {
      this.server?.forceShutdown();
      this.server = undefined;
    }
  }

  type Inventory = inventoryV1.InventoryServiceClient;
  let instances: Instance[];
  let client: GrpcClient<Inventory>;

  beforeEach(async () => {
    instances = [new Instance('a'), new Instance('b'), new Instance('c')];
    for (const instance of instances) await instance.start();
    client = GrpcClient.create(
      {
        service: 'inventory',
        package: INVENTORY_PROTO_PACKAGE,
        protoPath: inventoryProtoPath(),
        serviceName: 'InventoryService',
      },
      2_000,
      undefined,
      {
        env: { INVENTORY_RPC_ADDRESSES: instances.map((i) => `127.0.0.1:${i.port}`).join(',') },
        ejectMs: 60_000,
      },
    );
  });

  afterEach(async () => {
    await client.close();
    instances.forEach((instance) => instance.kill());
  });

  const read = () => client.call('getStock', { sku: 'X' });

  it('sends each call to the next instance in turn', async () => {
    const answered = [];
    for (let i = 0; i < 6; i++) answered.push((await read()).sku);
    expect(answered).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
  });

  it('sends a read once more to another instance when its instance is gone, and skips that one after', async () => {
    for (let i = 0; i < 3; i++) await read();
    instances[1].kill();
    const answered = [];
    for (let i = 0; i < 6; i++) answered.push((await read()).sku);
    expect(answered).toEqual(['a', 'c', 'a', 'c', 'a', 'c']);
  });

  it('does not resend a write', async () => {
    await read(); // a
    instances[1].kill();
    await expect(
      client.call('adjustStock', { sku: 'X', delta: 1, reason: 'test' } as never),
    ).rejects.toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
    });
    expect(instances.map((instance) => instance.handled)).toEqual([1, 0, 0]);
  });
});
