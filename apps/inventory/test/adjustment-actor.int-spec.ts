import { Metadata } from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import { inventoryV1 } from '@bazaar/contracts';
import { GRPC_META } from '@bazaar/platform';
import { BootedInventory, bootInventory } from './boot-inventory';

/** An adjustment records who made it: the user the gateway forwards in the call's metadata, else the system. */
describe('inventory adjustments over gRPC', () => {
  let inventory: BootedInventory;

  beforeAll(async () => {
    inventory = await bootInventory();
  });

  afterAll(() => inventory?.close());

  const adjustmentsOf = async (sku: string) =>
    (await inventory.grpc.call<inventoryV1.ListAdjustmentsResponse>('ListAdjustments', { sku })).items;

  it('records the forwarded caller as the actor', async () => {
    const sku = `ACTOR-${Date.now().toString(36).toUpperCase()}`;
    const admin = randomUUID();
    const metadata = new Metadata();
    metadata.set(GRPC_META.caller, JSON.stringify({ userId: admin, roles: ['admin'] }));
    await inventory.grpc.call('AdjustStock', { sku, setOnHand: 4, reason: 'recount' }, metadata);
    await inventory.grpc.call('AdjustStock', { sku, add: 1, reason: 'found one' });

    expect(await adjustmentsOf(sku)).toEqual([
      expect.objectContaining({ delta: 1, reason: 'found one', actor: 'system' }),
      expect.objectContaining({ delta: 4, reason: 'recount', actor: admin }),
    ]);
  });
});
