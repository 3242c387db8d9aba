import { credentials, loadPackageDefinition, status } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Client } from 'pg';
import { inventoryV1 } from '@bazaar/contracts';
import { GRPC_LOADER_OPTIONS } from '@bazaar/platform';
import { BootedInventory, bootInventory } from './boot-inventory';
import { RawInventoryClient } from './grpc-client';

let skuCounter = 0;
const newSku = () => `IT-${Date.now().toString(36).toUpperCase()}-${++skuCounter}`;

/** Inventory on its real gRPC transport and a fresh database, driven by raw gRPC clients built from the .proto. */
describe('inventory over gRPC', () => {
  let inventory: BootedInventory;
  const grpc = () => inventory.grpc;
  const setStock = (sku: string, onHand: number) =>
    grpc().call<inventoryV1.StockLevel>('AdjustStock', {
      sku,
      setOnHand: onHand,
      reason: 'integration test',
    });
  const reserve = (lines: inventoryV1.ReservationLine[], reservationId = randomUUID(), client = grpc()) =>
    client.call<inventoryV1.ReserveResponse>('Reserve', {
      reservationId,
      orderId: `order-${reservationId}`,
      lines,
    });

  beforeAll(async () => {
    inventory = await bootInventory();
  });

  afterAll(() => inventory?.close());

  describe('the contract, method by method', () => {
    it('AdjustStock, GetStock, BatchGetStock, ListAdjustments', async () => {
      const sku = newSku();
      await expect(setStock(sku, 10)).resolves.toEqual({ sku, onHand: 10, reserved: 0, available: 10 });
      await expect(
        grpc().call('AdjustStock', { sku, add: -3, reason: 'two broken in the warehouse' }),
      ).resolves.toMatchObject({ onHand: 7 });
      await expect(grpc().call('GetStock', { sku })).resolves.toEqual({
        sku,
        onHand: 7,
        reserved: 0,
        available: 7,
      });
      const batch = await grpc().call<inventoryV1.BatchGetStockResponse>('BatchGetStock', {
        skus: [sku, 'NO-SUCH-SKU', sku],
      });
      expect(batch).toEqual({
        levels: [{ sku, onHand: 7, reserved: 0, available: 7 }],
        unknownSkus: ['NO-SUCH-SKU'],
      });
      const log = await grpc().call<inventoryV1.ListAdjustmentsResponse>('ListAdjustments', {
        sku,
        limit: 1,
      });
      expect(log.items).toEqual([
        expect.objectContaining({
          sku,
          delta: -3,
          onHandAfter: 7,
          reason: 'two broken in the warehouse',
          actor: 'system',
        }),
      ]);
      const rest = await grpc().call<inventoryV1.ListAdjustmentsResponse>('ListAdjustments', {
        sku,
        limit: 1,
        cursor: log.nextCursor,
      });
      expect(rest.items.map((a) => a.delta)).toEqual([10]);
      expect(rest.nextCursor).toBe('');
    });

    it('Reserve, Commit and Release move on-hand and reserved stock', async () => {
      const sku = newSku();
      await setStock(sku, 5);
      const reservation = await reserve([{ sku, quantity: 2 }]);
      expect(reservation).toMatchObject({
        status: 'RESERVED',
        replayed: false,
        lines: [{ sku, quantity: 2 }],
      });
      await expect(grpc().call('GetStock', { sku })).resolves.toMatchObject({
        onHand: 5,
        reserved: 2,
        available: 3,
      });
      await expect(grpc().call('Commit', { reservationId: reservation.reservationId })).resolves.toEqual({
        reservationId: reservation.reservationId,
        status: 'COMMITTED',
        changed: true,
      });
      await expect(grpc().call('GetStock', { sku })).resolves.toMatchObject({ onHand: 3, reserved: 0 });

      const other = await reserve([{ sku, quantity: 3 }]);
      await expect(grpc().call('Release', { reservationId: other.reservationId })).resolves.toMatchObject({
        status: 'RELEASED',
        changed: true,
      });
      await expect(grpc().call('GetStock', { sku })).resolves.toMatchObject({
        onHand: 3,
        reserved: 0,
        available: 3,
      });
    });

    it('serves grpc.health.v1.Health', async () => {
      const health = loadPackageDefinition(loadSync(healthProtoPath, GRPC_LOADER_OPTIONS)) as unknown as {
        grpc: {
          health: {
            v1: {
              Health: new (
                address: string,
                creds: unknown,
              ) => {
                Check(
                  request: { service: string },
                  callback: (error: Error | null, reply: unknown) => void,
                ): void;
                close(): void;
              };
            };
          };
        };
      };
      const client = new health.grpc.health.v1.Health(inventory.address, credentials.createInsecure());
      const check = (service: string) =>
        new Promise<unknown>((resolve, reject) =>
          client.Check({ service }, (error: Error | null, reply: unknown) =>
            error ? reject(error) : resolve(reply),
          ),
        );
      await expect(check('')).resolves.toEqual({ status: 'SERVING' });
      await expect(check('bazaar.inventory.v1.InventoryService')).resolves.toEqual({ status: 'SERVING' });
      client.close();
    });
  });

  describe('server reflection', () => {
    it('lists the inventory service to reflection clients (grpcurl and the like)', async () => {
      const reflectionProto = path.join(
        path.dirname(require.resolve('@grpc/reflection/package.json')),
        'build/proto/grpc/reflection/v1/reflection.proto',
      );
      const reflection = loadPackageDefinition(loadSync(reflectionProto, GRPC_LOADER_OPTIONS)) as unknown as {
        grpc: {
          reflection: {
            v1: {
              ServerReflection: new (
                address: string,
                creds: unknown,
              ) => {
                ServerReflectionInfo(): {
                  write(request: unknown): void;
                  end(): void;
                  on(
                    event: 'data',
                    listener: (reply: {
                      listServicesResponse?: { service: Array<{ name: string }> };
                    }) => void,
                  ): void;
                  on(event: 'error', listener: (error: Error) => void): void;
                };
                close(): void;
              };
            };
          };
        };
      };
      const client = new reflection.grpc.reflection.v1.ServerReflection(
        inventory.address,
        credentials.createInsecure(),
      );
      try {
        const services = await new Promise<string[]>((resolve, reject) => {
          const call = client.ServerReflectionInfo();
          call.on('data', (reply) => {
            resolve((reply.listServicesResponse?.service ?? []).map((service) => service.name));
            call.end();
          });
          call.on('error', reject);
          call.write({ listServices: '' });
        });
        expect(services).toContain('bazaar.inventory.v1.InventoryService');
      } finally {
        client.close();
      }
    });
  });

  describe('never oversells', () => {
    it('100 concurrent reservations of 1 from separate clients against a stock of 10: exactly 10 succeed', async () => {
      const sku = newSku();
      await setStock(sku, 10);
      const clients = Array.from({ length: 10 }, () => new RawInventoryClient(inventory.address));
      try {
        const results = await Promise.allSettled(
          Array.from({ length: 100 }, (_, i) =>
            reserve([{ sku, quantity: 1 }], randomUUID(), clients[i % 10]),
          ),
        );
        const succeeded = results.filter((r) => r.status === 'fulfilled');
        const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(succeeded).toHaveLength(10);
        expect(
          failed.every((r) => (r.reason as { code: number }).code === Number(status.FAILED_PRECONDITION)),
        ).toBe(true);
      } finally {
        clients.forEach((client) => client.close());
      }
      await expect(grpc().call('GetStock', { sku })).resolves.toMatchObject({
        onHand: 10,
        reserved: 10,
        available: 0,
      });

      // The books reconcile: reserved stock equals the sum of the live reservations' lines.
      const db = new Client({ connectionString: inventory.database.url });
      await db.connect();
      try {
        const { rows } = await db.query<{ reservations: string; quantity: string }>(
          `SELECT count(*) AS reservations, coalesce(sum(l.quantity), 0) AS quantity
             FROM reservation r JOIN reservation_line l ON l.reservation_id = r.id
            WHERE l.sku = $1 AND r.status = 'RESERVED'`,
          [sku],
        );
        expect(rows[0]).toEqual({ reservations: '10', quantity: '10' });
      } finally {
        await db.end();
      }
    });

    it('a multi-line reservation short on its last line reserves nothing, and names the short line', async () => {
      const [a, b, c] = [newSku(), newSku(), newSku()].sort();
      await setStock(a, 5);
      await setStock(b, 5);
      await setStock(c, 1);
      const failure = await grpc().failure('Reserve', {
        reservationId: randomUUID(),
        orderId: 'order-short',
        lines: [
          { sku: a, quantity: 2 },
          { sku: b, quantity: 2 },
          { sku: c, quantity: 2 },
        ],
      });
      expect(failure.code).toBe(status.FAILED_PRECONDITION);
      expect(failure.domain).toMatchObject({
        code: 'INSUFFICIENT_STOCK',
        details: { lines: [{ sku: c, requested: 2, available: 1 }] },
      });
      for (const sku of [a, b, c])
        await expect(grpc().call('GetStock', { sku })).resolves.toMatchObject({ reserved: 0 });
    });
  });

  describe('idempotency', () => {
    it('a repeated reservation id returns the first result, whatever the lines', async () => {
      const sku = newSku();
      await setStock(sku, 10);
      const id = randomUUID();
      const first = await reserve([{ sku, quantity: 2 }], id);
      const again = await reserve([{ sku, quantity: 7 }], id);
      expect(again).toEqual({ ...first, replayed: true });
      await expect(grpc().call('GetStock', { sku })).resolves.toMatchObject({ reserved: 2 });
    });

    it('release and commit say when they changed nothing, and refuse the impossible', async () => {
      const sku = newSku();
      await setStock(sku, 10);
      const { reservationId } = await reserve([{ sku, quantity: 1 }]);
      await expect(grpc().call('Release', { reservationId })).resolves.toMatchObject({ changed: true });
      await expect(grpc().call('Release', { reservationId })).resolves.toEqual({
        reservationId,
        status: 'RELEASED',
        changed: false,
      });
      const commit = await grpc().failure('Commit', { reservationId });
      expect(commit).toMatchObject({
        code: status.FAILED_PRECONDITION,
        domain: { code: 'RESERVATION_CLOSED' },
      });
      await expect(grpc().call('GetStock', { sku })).resolves.toMatchObject({ onHand: 10, reserved: 0 });

      const committed = await reserve([{ sku, quantity: 1 }]);
      await grpc().call('Commit', { reservationId: committed.reservationId });
      await expect(grpc().call('Commit', { reservationId: committed.reservationId })).resolves.toMatchObject({
        changed: false,
      });
      await expect(grpc().call('GetStock', { sku })).resolves.toMatchObject({ onHand: 9, reserved: 0 });
    });
  });

  describe('errors', () => {
    it.each<[string, string, unknown, number]>([
      ['a malformed SKU', 'GetStock', { sku: 'lower case' }, status.INVALID_ARGUMENT],
      ['an unknown SKU', 'GetStock', { sku: 'NO-SUCH-SKU' }, status.NOT_FOUND],
      ['an empty batch', 'BatchGetStock', { skus: [] }, status.INVALID_ARGUMENT],
      [
        'too many SKUs',
        'BatchGetStock',
        { skus: Array.from({ length: 101 }, (_, i) => `SKU-${i}`) },
        status.INVALID_ARGUMENT,
      ],
      [
        'a quantity of 0',
        'Reserve',
        { reservationId: randomUUID(), orderId: 'o', lines: [{ sku: 'A-1', quantity: 0 }] },
        status.INVALID_ARGUMENT,
      ],
      [
        'a quantity over the limit',
        'Reserve',
        { reservationId: randomUUID(), orderId: 'o', lines: [{ sku: 'A-1', quantity: 1001 }] },
        status.INVALID_ARGUMENT,
      ],
      [
        'too many lines',
        'Reserve',
        {
          reservationId: randomUUID(),
          orderId: 'o',
          lines: Array.from({ length: 51 }, (_, i) => ({ sku: `L-${i}`, quantity: 1 })),
        },
        status.INVALID_ARGUMENT,
      ],
      [
        'a SKU twice',
        'Reserve',
        {
          reservationId: randomUUID(),
          orderId: 'o',
          lines: [
            { sku: 'A-1', quantity: 1 },
            { sku: 'A-1', quantity: 1 },
          ],
        },
        status.INVALID_ARGUMENT,
      ],
      [
        'an unknown SKU in a reservation',
        'Reserve',
        { reservationId: randomUUID(), orderId: 'o', lines: [{ sku: 'NO-SUCH-SKU', quantity: 1 }] },
        status.NOT_FOUND,
      ],
      ['a malformed reservation id', 'Release', { reservationId: 'nope' }, status.INVALID_ARGUMENT],
      ['an unknown reservation', 'Commit', { reservationId: randomUUID() }, status.NOT_FOUND],
      ['no change in an adjustment', 'AdjustStock', { sku: 'A-1', reason: 'none' }, status.INVALID_ARGUMENT],
    ])('%s: %s is refused with its gRPC status', async (_, method, request, expected) => {
      await expect(grpc().failure(method, request)).resolves.toMatchObject({ code: expected });
    });

    it('on hand cannot drop below what is reserved', async () => {
      const sku = newSku();
      await setStock(sku, 5);
      await reserve([{ sku, quantity: 4 }]);
      const failure = await grpc().failure('AdjustStock', { sku, setOnHand: 3, reason: 'recount' });
      expect(failure).toMatchObject({
        code: status.FAILED_PRECONDITION,
        domain: { code: 'INSUFFICIENT_STOCK' },
      });
    });
  });
});

describe('inventory reservation expiry', () => {
  let inventory: BootedInventory;

  beforeAll(async () => {
    inventory = await bootInventory({ RESERVATION_TTL_S: '1', RESERVATION_SWEEP_MS: '200' });
  });

  afterAll(() => inventory?.close());

  it('releases a reservation nobody committed within its TTL, and counts it', async () => {
    const sku = newSku();
    await inventory.grpc.call('AdjustStock', { sku, setOnHand: 3, reason: 'expiry test' });
    const { reservationId } = await inventory.grpc.call<inventoryV1.ReserveResponse>('Reserve', {
      reservationId: randomUUID(),
      orderId: 'order-expiring',
      lines: [{ sku, quantity: 2 }],
    });
    const deadline = Date.now() + 10_000;
    let level = await inventory.grpc.call<inventoryV1.StockLevel>('GetStock', { sku });
    while (level.reserved !== 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      level = await inventory.grpc.call<inventoryV1.StockLevel>('GetStock', { sku });
    }
    expect(level).toMatchObject({ onHand: 3, reserved: 0 });
    await expect(inventory.grpc.call('Release', { reservationId })).resolves.toMatchObject({
      status: 'EXPIRED',
      changed: false,
    });
    const metrics = await (await fetch(`${inventory.ops}/metrics`)).text();
    expect(metrics).toMatch(/^inventory_reservations_expired_total\{service="inventory"\} 1$/m);
  });
});
