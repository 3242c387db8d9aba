import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { productSeeds } from '@bazaar/contracts';
import { DatabaseConnection } from '@bazaar/persistence';
import { InventoryConfig } from '../inventory.config';
import { StockRepository } from '../stock/stock.repository';

/** Demo stock: every tenth product sold out, every seventh nearly, the rest between 10 and 200 units. */
export function demoStock(index: number): number {
  if (index % 10 === 9) return 0;
  if (index % 7 === 3) return 1 + (index % 5);
  return 10 + ((index * 37) % 191);
}

/**
 * Gives every demo product its stock, once: rows that exist (seeded before, or adjusted by an admin since) are
 * never touched, so restarts and concurrent starts change nothing.
 */
@Injectable()
export class InventorySeed implements OnModuleInit {
  private readonly logger = new Logger('Seed');

  constructor(
    private readonly stock: StockRepository,
    private readonly config: InventoryConfig,
    @Inject(DatabaseConnection) private readonly connection: DatabaseConnection,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!(this.config.INVENTORY_SEED ?? this.connection.profile === 'embedded')) return;
    const inserted = await this.run();
    if (inserted > 0) this.logger.log({ msg: 'demo stock loaded', skus: inserted });
  }

  /** Returns how many SKUs got stock (0 when they all had some already). */
  run(): Promise<number> {
    return this.stock.createMissing(
      productSeeds().map((product, index) => ({ sku: product.sku, onHand: demoStock(index) })),
    );
  }
}
