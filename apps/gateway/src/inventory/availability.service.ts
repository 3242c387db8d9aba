import { Injectable, Logger } from '@nestjs/common';
import { Availability, inventoryV1, LOW_STOCK_THRESHOLD, ProductView } from '@bazaar/contracts';
import { DomainError, GrpcClient, InjectGrpcClient, RequestContext } from '@bazaar/platform';

export type ProductWithAvailability = ProductView & { availability: Availability };

/**
 * Adds stock to product answers: one BatchGetStock per page, never one call per product. If inventory cannot
 * answer, products are still served, marked `unknown`: browsing must not fail because stock is unavailable.
 */
@Injectable()
export class AvailabilityService {
  private readonly logger = new Logger('Availability');

  constructor(@InjectGrpcClient('inventory') private readonly inventory: GrpcClient) {}

  async attach(products: ProductView[]): Promise<ProductWithAvailability[]> {
    if (products.length === 0) return [];
    const admin = RequestContext.caller()?.roles.includes('admin') ?? false;
    let levels: Map<string, inventoryV1.StockLevel> | undefined;
    try {
      const reply = await this.inventory.call<inventoryV1.BatchGetStockResponse>('batchGetStock', {
        skus: products.map((p) => p.sku),
      });
      levels = new Map(reply.levels.map((level) => [level.sku, level]));
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'SERVICE_UNAVAILABLE') throw error;
      this.logger.warn({ msg: 'inventory unavailable; products served without stock' });
    }
    return products.map((product) => ({
      ...product,
      availability: availabilityOf(levels, product.sku, admin),
    }));
  }
}

function availabilityOf(
  levels: Map<string, inventoryV1.StockLevel> | undefined,
  sku: string,
  admin: boolean,
): Availability {
  if (!levels) return { status: 'unknown' };
  // A SKU inventory has never heard of has no stock.
  const available = levels.get(sku)?.available ?? 0;
  const status = available <= 0 ? 'out' : available <= LOW_STOCK_THRESHOLD ? 'low' : 'in_stock';
  return admin ? { status, available } : { status };
}
