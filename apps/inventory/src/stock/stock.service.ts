import { Injectable } from '@nestjs/common';
import { Caller, INVENTORY_LIMITS, inventoryV1 } from '@bazaar/contracts';
import { InventoryDatabase } from '../database/inventory-database';
import { AdjustStockDto, ListAdjustmentsDto } from './stock.dto';
import { belowReserved, negativeStock, skuNotFound } from './stock.errors';
import { toStockLevel } from './stock-view';

@Injectable()
export class StockService {
  constructor(private readonly db: InventoryDatabase) {}

  async get(sku: string): Promise<inventoryV1.StockLevel> {
    const row = await this.db.stock.findUnique({ where: { sku } });
    if (!row) throw skuNotFound([sku]);
    return toStockLevel(row);
  }

  /** One query for the whole batch; levels in the order asked, unknown SKUs listed apart. */
  async batch(skus: string[]): Promise<inventoryV1.BatchGetStockResponse> {
    const unique = [...new Set(skus)];
    const rows = await this.db.stock.findMany({ where: { sku: { in: unique } } });
    const bySku = new Map(rows.map((row) => [row.sku, row]));
    return {
      levels: unique.flatMap((sku) => {
        const row = bySku.get(sku);
        return row ? [toStockLevel(row)] : [];
      }),
      unknownSkus: unique.filter((sku) => !bySku.has(sku)),
    };
  }

  /**
   * Sets or changes the on-hand count, recording who and why. The row is locked for the change, and on hand
   * never drops below what is reserved.
   */
  async adjust(input: AdjustStockDto, caller: Caller | undefined): Promise<inventoryV1.StockLevel> {
    return this.db.$transaction(async (tx) => {
      await tx.$executeRaw`
        INSERT INTO stock (sku, on_hand, reserved, updated_at) VALUES (${input.sku}, 0, 0, now())
        ON CONFLICT (sku) DO NOTHING`;
      const [current] = await tx.$queryRaw<Array<{ on_hand: number; reserved: number }>>`
        SELECT on_hand, reserved FROM stock WHERE sku = ${input.sku} FOR UPDATE`;
      const onHand =
        input.change === 'setOnHand' ? (input.setOnHand ?? 0) : current.on_hand + (input.add ?? 0);
      if (onHand < 0) throw negativeStock();
      if (onHand < current.reserved) throw belowReserved(input.sku, current.reserved);
      const row = await tx.stock.update({ where: { sku: input.sku }, data: { onHand } });
      await tx.stockAdjustment.create({
        data: {
          sku: input.sku,
          delta: onHand - current.on_hand,
          onHandAfter: onHand,
          reason: input.reason,
          actor: caller?.userId ?? 'system',
        },
      });
      return toStockLevel(row);
    });
  }

  async adjustments(query: ListAdjustmentsDto): Promise<inventoryV1.ListAdjustmentsResponse> {
    const limit = query.limit || INVENTORY_LIMITS.adjustmentsPageSizeDefault;
    const rows = await this.db.stockAdjustment.findMany({
      where: { sku: query.sku, ...(query.cursor ? { id: { lt: query.cursor } } : {}) },
      orderBy: { id: 'desc' },
      take: limit + 1,
    });
    const items = rows.slice(0, limit).map((row) => ({
      id: row.id,
      sku: row.sku,
      delta: row.delta,
      onHandAfter: row.onHandAfter,
      reason: row.reason,
      actor: row.actor,
      createdAt: row.createdAt.toISOString(),
    }));
    return { items, nextCursor: rows.length > limit ? items[items.length - 1].id : '' };
  }
}
