import { Injectable, Logger } from '@nestjs/common';
import { inventoryV1 } from '@bazaar/contracts';
import { DomainError, GrpcClient, InjectGrpcClient } from '@bazaar/platform';

/** Inventory over gRPC, typed by the client interface generated from inventory.proto. */
type InventoryClient = GrpcClient<inventoryV1.InventoryServiceClient>;

/** Stock levels for the cart's lines: one BatchGetStock per cart, never one call per line. */
@Injectable()
export class CartStock {
  private readonly logger = new Logger('CartStock');

  constructor(@InjectGrpcClient('inventory') private readonly inventory: InventoryClient) {}

  /**
   * Units available per SKU (0 for one inventory does not know), or undefined when inventory cannot answer:
   * the cart is still shown, its lines' availability `unknown`.
   */
  async available(skus: string[]): Promise<Map<string, number> | undefined> {
    if (skus.length === 0) return new Map();
    try {
      const reply = await this.inventory.call('batchGetStock', { skus });
      const bySku = new Map(reply.levels.map((level) => [level.sku, level.available]));
      return new Map(skus.map((sku) => [sku, bySku.get(sku) ?? 0]));
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'SERVICE_UNAVAILABLE') throw error;
      this.logger.warn({ msg: 'inventory unavailable; the cart is shown without stock' });
      return undefined;
    }
  }
}
