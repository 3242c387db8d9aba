import { Inject, Injectable } from '@nestjs/common';
import { EventEnvelope } from '@bazaar/contracts';
import { Inbox } from '@bazaar/messaging';
import { DatabaseConnection } from '@bazaar/persistence';
import { InventoryDatabase } from '../database/inventory-database';

/** A SKU's stock row. */
export interface StockRecord {
  sku: string;
  onHand: number;
  reserved: number;
}

/** One recorded change of a SKU's on-hand count. */
export interface AdjustmentRecord {
  id: string;
  sku: string;
  delta: number;
  onHandAfter: number;
  reason: string;
  actor: string;
  createdAt: Date;
}

/** Why an adjustment was made, and by whom (a user id, or the service that made it). */
export interface AdjustmentNote {
  reason: string;
  actor: string;
}

export interface AdjustmentPage {
  /** The id of the last adjustment of the previous page: only older ones follow. */
  beforeId?: string;
  take: number;
}

const stockColumns = { sku: true, onHand: true, reserved: true } as const;

// Beside Prisma on purpose: docs/adr/0015-inventory-hot-path.md
/**
 * The levels of a batch of SKUs, the read behind every product the gateway shows: one named statement, prepared
 * once per connection. Prisma spent several times the driver's CPU building the same query.
 */
const STOCK_LEVELS = {
  name: 'stock-levels',
  text: 'SELECT sku, on_hand, reserved FROM stock WHERE sku = ANY($1::varchar[])',
} as const;

/** The only code that reads or writes the stock and stock_adjustment tables outside the reservation hot path. */
@Injectable()
export class StockRepository {
  constructor(
    private readonly db: InventoryDatabase,
    private readonly inbox: Inbox,
    @Inject(DatabaseConnection) private readonly connection: DatabaseConnection,
  ) {}

  async find(sku: string): Promise<StockRecord | undefined> {
    return (await this.db.stock.findUnique({ where: { sku }, select: stockColumns })) ?? undefined;
  }

  /** One query for all of them; SKUs without a row are simply absent. */
  async findMany(skus: string[]): Promise<StockRecord[]> {
    const { rows } = await this.connection.pool.query<{ sku: string; on_hand: number; reserved: number }>({
      ...STOCK_LEVELS,
      values: [skus],
    });
    return rows.map((row) => ({ sku: row.sku, onHand: row.on_hand, reserved: row.reserved }));
  }

  /**
   * Sets the on-hand count of `sku` to what `decide` makes of its current row, and records the change, in one
   * transaction. The row (created empty when missing) is locked first, so concurrent adjustments and
   * reservations see each other's result; when `decide` throws, nothing changes.
   */
  adjust(sku: string, decide: (current: StockRecord) => number, note: AdjustmentNote): Promise<StockRecord> {
    return this.db.$transaction(async (tx) => {
      await tx.$executeRaw`
        INSERT INTO stock (sku, on_hand, reserved, updated_at) VALUES (${sku}, 0, 0, now())
        ON CONFLICT (sku) DO NOTHING`;
      const [current] = await tx.$queryRaw<Array<{ on_hand: number; reserved: number }>>`
        SELECT on_hand, reserved FROM stock WHERE sku = ${sku} FOR UPDATE`;
      const onHand = decide({ sku, onHand: current.on_hand, reserved: current.reserved });
      const row = await tx.stock.update({ where: { sku }, data: { onHand }, select: stockColumns });
      await tx.stockAdjustment.create({
        data: { sku, delta: onHand - current.on_hand, onHandAfter: onHand, ...note },
      });
      return row;
    });
  }

  /** A SKU's adjustments, newest first. */
  adjustments(sku: string, page: AdjustmentPage): Promise<AdjustmentRecord[]> {
    return this.db.stockAdjustment.findMany({
      where: { sku, ...(page.beforeId ? { id: { lt: page.beforeId } } : {}) },
      orderBy: { id: 'desc' },
      take: page.take,
    });
  }

  /**
   * Gives `sku` a stock row with nothing on hand, once per event however often it is delivered. A row that
   * exists (the demo seed, an adjustment made before the event arrived) keeps its counts.
   */
  async createEmptyOnce(event: EventEnvelope, sku: string): Promise<void> {
    await this.inbox.handle(
      this.db,
      event,
      (tx) => tx.$executeRaw`
        INSERT INTO stock (sku, on_hand, reserved, updated_at) VALUES (${sku}, 0, 0, now())
        ON CONFLICT (sku) DO NOTHING`,
    );
  }

  /** Gives each SKU that has no row yet its on-hand count; returns how many rows were created. */
  async createMissing(levels: Array<{ sku: string; onHand: number }>): Promise<number> {
    const result = await this.db.stock.createMany({ data: levels, skipDuplicates: true });
    return result.count;
  }
}
