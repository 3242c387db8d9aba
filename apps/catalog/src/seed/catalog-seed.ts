import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DatabaseConnection } from '@bazaar/persistence';
import { CatalogConfig } from '../catalog.config';
import { CatalogDatabase } from '../database/catalog-database';
import { CATEGORY_SEEDS, productSeeds } from '@bazaar/contracts';

const SEED_NAME = 'demo-catalog-v1';

/**
 * Loads the demo catalog once per database, in one transaction, before the service reports ready. The
 * `seed_run` row makes it idempotent: restarts, concurrent starts and deleted demo products never re-seed.
 */
@Injectable()
export class CatalogSeed implements OnModuleInit {
  private readonly logger = new Logger('Seed');

  constructor(
    private readonly db: CatalogDatabase,
    private readonly config: CatalogConfig,
    @Inject(DatabaseConnection) private readonly connection: DatabaseConnection,
  ) {}

  async onModuleInit(): Promise<void> {
    const enabled = this.config.CATALOG_SEED ?? this.connection.profile === 'embedded';
    if (!enabled) return;
    const inserted = await this.run();
    if (inserted > 0) this.logger.log({ msg: 'demo catalog loaded', products: inserted });
  }

  /** Returns the number of products inserted (0 when this seed already ran). */
  async run(): Promise<number> {
    return this.db.$transaction(async (tx) => {
      // Taking the seed's row first serializes concurrent starts: the loser sees it and skips.
      const claimed = await tx.$executeRaw`
        INSERT INTO seed_run (name) VALUES (${SEED_NAME}) ON CONFLICT (name) DO NOTHING`;
      if (claimed === 0) return 0;
      await tx.category.createMany({
        data: CATEGORY_SEEDS.map(({ slug, name }) => ({ slug, name })),
        skipDuplicates: true,
      });
      const categories = await tx.category.findMany({ select: { id: true, slug: true } });
      const idBySlug = new Map(categories.map((c) => [c.slug, c.id]));
      const result = await tx.product.createMany({
        data: productSeeds().map(({ categorySlug, ...product }) => ({
          ...product,
          categoryId: idBySlug.get(categorySlug) as string,
        })),
        skipDuplicates: true,
      });
      return result.count;
    });
  }
}
