import {
  CATALOG_PATTERNS,
  INVENTORY_PROTO_PACKAGE,
  inventoryProtoPath,
  ProductView,
} from '@bazaar/contracts';
import { consumeEvents } from '@bazaar/messaging';
import { AppModule as CatalogModule } from '../../apps/catalog/src/app.module';
import { AppModule as InventoryModule } from '../../apps/inventory/src/app.module';
import { RawInventoryClient } from '../../apps/inventory/test/grpc-client';
import { BootedService, bootService } from '../support/boot-service';
import { BusHarness, eventually, postgresBus } from '../support/event-bus';
import { queryDatabase } from '../support/test-database';

/** Catalog's product events reach inventory: a new SKU gets its stock row without anyone calling inventory. */
describe('catalog events to inventory', () => {
  let bus: BusHarness;
  let catalog: BootedService;
  let inventory: BootedService;
  let grpc: RawInventoryClient;

  beforeAll(async () => {
    bus = await postgresBus();
    catalog = await bootService('catalog', CatalogModule, { CATALOG_SEED: 'false', ...bus.env() });
    inventory = await bootService(
      'inventory',
      InventoryModule,
      { INVENTORY_SEED: 'false', ...bus.env() },
      {
        kind: 'grpc',
        package: INVENTORY_PROTO_PACKAGE,
        protoPath: inventoryProtoPath(),
        services: [`${INVENTORY_PROTO_PACKAGE}.InventoryService`],
      },
      consumeEvents,
    );
    grpc = new RawInventoryClient(`127.0.0.1:${inventory.service.rpcPort}`);
    await sql(
      catalog,
      `INSERT INTO category (id, slug, name) VALUES (gen_random_uuid(), 'events-test', 'Events')`,
    );
  });

  afterAll(async () => {
    grpc?.close();
    await inventory?.close();
    await catalog?.close();
    await bus?.close();
  });

  const stockOf = (sku: string) =>
    grpc.call<{ sku: string; onHand: number; reserved: number }>('GetStock', { sku }).catch(() => undefined);

  it('creates a zero stock row for a new product, once however often the event arrives', async () => {
    const product = await catalog.call<ProductView>(CATALOG_PATTERNS.createProduct, {
      sku: 'EVT-NEW-1',
      name: 'Evented kettle',
      description: 'Boils water, tells inventory.',
      priceMinor: 4_500,
      currency: 'EUR',
      category: 'events-test',
    });
    const stock = await eventually(
      () => stockOf(product.sku),
      (level) => level !== undefined,
    );
    expect(stock).toMatchObject({ sku: 'EVT-NEW-1', onHand: 0, reserved: 0 });

    // Stock adjusted meanwhile is not reset by a redelivered event.
    await grpc.call('AdjustStock', { sku: product.sku, setOnHand: 7, reason: 'first delivery' });
    const [envelope] = await outboxEnvelopes(catalog, product.id);
    await bus.publish(envelope);
    await eventually(
      () => fetch(`${inventory.ops}/metrics`).then((r) => r.text()),
      (text) => /events_consumed_total\{[^}]*outcome="duplicate"[^}]*\} 1/.test(text),
    );
    await expect(stockOf(product.sku)).resolves.toMatchObject({ onHand: 7 });
  });

  it('publishes updates and deletions too, in the order they happened', async () => {
    const product = await catalog.call<ProductView>(CATALOG_PATTERNS.createProduct, {
      sku: 'EVT-ORDER-1',
      name: 'Ordered lamp',
      description: 'Changes twice.',
      priceMinor: 1_000,
      currency: 'EUR',
      category: 'events-test',
    });
    await catalog.call(CATALOG_PATTERNS.updateProduct, { id: product.id, changes: { priceMinor: 1_200 } });
    await catalog.call(CATALOG_PATTERNS.deleteProduct, { id: product.id });
    const rows = await eventually(
      () => outboxRows(catalog, product.id),
      (all) => all.length === 3 && all.every((row) => row.sent),
    );
    expect(rows.map((row) => row.type)).toEqual([
      'catalog.product.created.v1',
      'catalog.product.updated.v1',
      'catalog.product.deleted.v1',
    ]);
    expect(rows[1].envelope.payload).toMatchObject({ priceMinor: 1_200, sku: 'EVT-ORDER-1' });
  });
});

interface OutboxRow {
  type: string;
  sent: boolean;
  envelope: Parameters<BusHarness['publish']>[0];
}

function sql<T extends object>(service: BootedService, text: string, values: unknown[] = []): Promise<T[]> {
  return queryDatabase<T>(service.database.url, text, values);
}

function outboxRows(service: BootedService, aggregateId: string): Promise<OutboxRow[]> {
  return sql<OutboxRow>(
    service,
    'SELECT type, sent_at IS NOT NULL AS sent, envelope FROM outbox WHERE aggregate_id = $1 ORDER BY seq',
    [aggregateId],
  );
}

async function outboxEnvelopes(service: BootedService, aggregateId: string) {
  return (await outboxRows(service, aggregateId)).map((row) => row.envelope);
}
