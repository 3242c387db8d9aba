import { Injectable } from '@nestjs/common';
import { Caller, EventEnvelope, INVENTORY_LIMITS, inventoryV1, ProductCreatedV1 } from '@bazaar/contracts';
import { pageOf } from '@bazaar/platform';
import { AdjustStockDto, ListAdjustmentsDto } from './stock.dto';
import { belowReserved, negativeStock, skuNotFound } from './stock.errors';
import { AdjustmentRecord, StockRecord, StockRepository } from './stock.repository';

/** The part of an adjustment that decides the new on-hand count. */
export type StockChange = Pick<AdjustStockDto, 'sku' | 'change' | 'setOnHand' | 'add'>;

@Injectable()
export class StockService {
  constructor(private readonly stock: StockRepository) {}

  async get(sku: string): Promise<inventoryV1.StockLevel> {
    const row = await this.stock.find(sku);
    if (!row) throw skuNotFound(sku);
    return toStockLevel(row);
  }

  /** One query for the whole batch; levels in the order asked, unknown SKUs listed apart. */
  async batch(skus: string[]): Promise<inventoryV1.BatchGetStockResponse> {
    const unique = [...new Set(skus)];
    const bySku = new Map((await this.stock.findMany(unique)).map((row) => [row.sku, row]));
    return {
      levels: unique.flatMap((sku) => {
        const row = bySku.get(sku);
        return row ? [toStockLevel(row)] : [];
      }),
      unknownSkus: unique.filter((sku) => !bySku.has(sku)),
    };
  }

  /** Sets or changes the on-hand count, recording who and why; on hand never drops below what is reserved. */
  async adjust(input: AdjustStockDto, caller: Caller | undefined): Promise<inventoryV1.StockLevel> {
    const row = await this.stock.adjust(input.sku, (current) => nextOnHand(current, input), {
      reason: input.reason,
      actor: caller?.userId ?? 'system',
    });
    return toStockLevel(row);
  }

  async adjustments(query: ListAdjustmentsDto): Promise<inventoryV1.ListAdjustmentsResponse> {
    const limit = query.limit || INVENTORY_LIMITS.adjustmentsPageSizeDefault;
    const rows = await this.stock.adjustments(query.sku, {
      ...(query.cursor ? { beforeId: query.cursor } : {}),
      take: limit + 1,
    });
    const page = pageOf(rows, limit, toAdjustment);
    // proto3 has no null: the last page's cursor is the empty string.
    return { items: page.items, nextCursor: page.nextCursor ?? '' };
  }

  /** Every new product gets a stock row with nothing on hand, for admins to adjust. */
  productCreated(event: EventEnvelope<ProductCreatedV1>): Promise<void> {
    return this.stock.createEmptyOnce(event, event.payload.sku);
  }
}

/** The on-hand count an adjustment leads to, or the error that refuses it. */
export function nextOnHand(current: StockRecord, change: StockChange): number {
  const onHand = change.change === 'setOnHand' ? (change.setOnHand ?? 0) : current.onHand + (change.add ?? 0);
  if (onHand < 0) throw negativeStock();
  if (onHand < current.reserved) throw belowReserved(change.sku, current.reserved);
  return onHand;
}

function toAdjustment(row: AdjustmentRecord): inventoryV1.StockAdjustment {
  return {
    id: row.id,
    sku: row.sku,
    delta: row.delta,
    onHandAfter: row.onHandAfter,
    reason: row.reason,
    actor: row.actor,
    createdAt: row.createdAt.toISOString(),
  };
}

export function toStockLevel(row: StockRecord): inventoryV1.StockLevel {
  return { sku: row.sku, onHand: row.onHand, reserved: row.reserved, available: row.onHand - row.reserved };
}
