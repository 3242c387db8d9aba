import { Injectable } from '@nestjs/common';
import { CATEGORY_SEEDS, productSeeds } from '@bazaar/contracts';
import { CatalogDatabase } from '../database/catalog-database';

/** The demo catalog's rows, written once per database. */
@Injectable()
export class SeedRepository {
  constructor(private readonly db: CatalogDatabase) {}

  /**
   * Claims the seed's `seed_run` row and loads the demo categories and products in one transaction; returns the
   * number of products inserted, 0 when the seed had run already (restarts, concurrent starts, and demo products
   * deleted since never bring anything back).
   */
  loadOnce(seedName: string): Promise<number> {
    return this.db.$transaction(async (tx) => {
      // Taking the seed's row first serializes concurrent starts: the loser sees it and skips.
      const claimed = await tx.$executeRaw`
        INSERT INTO seed_run (name) VALUES (${seedName}) ON CONFLICT (name) DO NOTHING`;
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
