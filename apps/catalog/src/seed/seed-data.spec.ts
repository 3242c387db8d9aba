import { CATALOG_CURRENCIES, CATALOG_LIMITS, SKU_PATTERN, SLUG_PATTERN } from '@bazaar/contracts';
import { CATEGORY_SEEDS, productSeeds } from '@bazaar/contracts';

describe('demo catalog seed', () => {
  const products = productSeeds();

  it('has at least 200 products with unique SKUs across every category', () => {
    expect(products.length).toBeGreaterThanOrEqual(200);
    expect(new Set(products.map((p) => p.sku)).size).toBe(products.length);
    expect(new Set(products.map((p) => p.categorySlug))).toEqual(new Set(CATEGORY_SEEDS.map((c) => c.slug)));
  });

  it('satisfies the same rules the API enforces on created products', () => {
    for (const p of products) {
      expect(p.sku).toMatch(SKU_PATTERN);
      expect(p.categorySlug).toMatch(SLUG_PATTERN);
      expect(p.name.length).toBeLessThanOrEqual(CATALOG_LIMITS.nameMaxLength);
      expect(p.priceMinor).toBeGreaterThan(0);
      expect(CATALOG_CURRENCIES).toContain(p.currency);
    }
  });
});
