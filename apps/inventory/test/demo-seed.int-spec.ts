import { inventoryV1, productSeeds } from '@bazaar/contracts';
import { demoStock, InventorySeed } from '../src/seed/inventory-seed';
import { BootedInventory, bootInventory } from './boot-inventory';

/** The demo seed gives every demo product its stock at start-up, once, and never touches a row that exists. */
describe('inventory demo seed', () => {
  let inventory: BootedInventory;
  const products = productSeeds();
  const onHandOf = async (sku: string) =>
    (await inventory.grpc.call<inventoryV1.StockLevel>('GetStock', { sku })).onHand;

  beforeAll(async () => {
    inventory = await bootInventory({ INVENTORY_SEED: 'true' });
  });

  afterAll(() => inventory?.close());

  it('stocks every demo product at start-up', async () => {
    const { levels, unknownSkus } = await inventory.grpc.call<inventoryV1.BatchGetStockResponse>(
      'BatchGetStock',
      { skus: products.slice(0, 20).map((p) => p.sku) },
    );
    expect(unknownSkus).toEqual([]);
    expect(levels.map((l) => l.onHand)).toEqual(products.slice(0, 20).map((_, i) => demoStock(i)));
  });

  it('changes nothing when it runs again', async () => {
    const { sku } = products[0];
    await inventory.grpc.call('AdjustStock', { sku, setOnHand: 1_234, reason: 'after the seed' });
    await expect(inventory.service.app.get(InventorySeed).run()).resolves.toBe(0);
    await expect(onHandOf(sku)).resolves.toBe(1_234);
  });
});
