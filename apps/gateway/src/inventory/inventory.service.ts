import { Injectable } from '@nestjs/common';
import { inventoryV1 } from '@bazaar/contracts';
import { PageRequest } from '@bazaar/platform';
import { oneStockChangeRequired } from './inventory.errors';
import { InjectInventory, InventoryClient } from './inventory.client';

/** An admin's change to a SKU's stock: a new on-hand count or units to add, and why. */
export type StockChange = Omit<inventoryV1.AdjustStockRequest, 'sku'>;

export interface AdjustmentPage {
  items: inventoryV1.StockAdjustment[];
  nextCursor: string | null;
}

/** Stock levels and their audited changes, from inventory over gRPC. */
@Injectable()
export class InventoryService {
  constructor(@InjectInventory() private readonly inventory: InventoryClient) {}

  get(sku: string): Promise<inventoryV1.StockLevel> {
    return this.inventory.call('getStock', { sku });
  }

  adjust(sku: string, change: StockChange): Promise<inventoryV1.StockLevel> {
    if ((change.setOnHand === undefined) === (change.add === undefined)) throw oneStockChangeRequired();
    return this.inventory.call('adjustStock', { sku, ...change });
  }

  async adjustments(sku: string, page: PageRequest): Promise<AdjustmentPage> {
    // proto3 scalars have no "absent": 0 and '' ask inventory for its default page size and the first page.
    const reply = await this.inventory.call('listAdjustments', {
      sku,
      limit: page.limit ?? 0,
      cursor: page.cursor ?? '',
    });
    return { items: reply.items, nextCursor: reply.nextCursor || null };
  }
}
