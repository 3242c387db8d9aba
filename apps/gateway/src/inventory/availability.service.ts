import { Injectable, Logger } from '@nestjs/common';
import { Availability, LOW_STOCK_THRESHOLD, ProductView } from '@bazaar/contracts';
import { DomainError, RequestContext } from '@bazaar/platform';
import { GatewayConfig } from '../gateway.config';
import { InjectInventory, InventoryClient } from './inventory.client';

export type ProductWithAvailability = ProductView & { availability: Availability };

interface CachedLevel {
  /** Units available, 0 for a SKU inventory does not know. */
  available: number;
  fetchedAt: number;
}

const CACHE_MAX_ENTRIES = 10_000;

/**
 * Adds stock to product answers: one BatchGetStock per page, never one call per product. Shoppers' answers use
 * levels up to AVAILABILITY_CACHE_MS old (the answers themselves are publicly cacheable for 30 s, so a second of
 * staleness changes nothing a shopper could see), which keeps a hot product's reads off inventory; admins
 * always get fresh counts. If inventory cannot answer, products are still served, marked `unknown`: browsing
 * must not fail because stock is unavailable.
 */
@Injectable()
export class AvailabilityService {
  private readonly logger = new Logger('Availability');
  private readonly cache = new Map<string, CachedLevel>();
  /** Shoppers' lookups under way, per SKU: when a hot product's level expires, one call refreshes it for all. */
  private readonly inflight = new Map<string, Promise<Map<string, number> | undefined>>();

  constructor(
    @InjectInventory() private readonly inventory: InventoryClient,
    private readonly config: GatewayConfig,
  ) {}

  async attach(products: ProductView[]): Promise<ProductWithAvailability[]> {
    if (products.length === 0) return [];
    const admin = RequestContext.caller()?.roles.includes('admin') ?? false;
    const now = Date.now();
    const fresh = (sku: string) => {
      const cached = this.cache.get(sku);
      return cached && now - cached.fetchedAt < this.config.AVAILABILITY_CACHE_MS ? cached : undefined;
    };
    const skus = products.map((product) => product.sku);
    const missing = admin ? skus : skus.filter((sku) => !fresh(sku));
    const fetched =
      missing.length === 0 ? [] : admin ? [await this.fetch(missing, now)] : await this.shared(missing, now);
    return products.map((product) => {
      const available =
        fetched.reduce<number | undefined>((found, levels) => found ?? levels?.get(product.sku), undefined) ??
        fresh(product.sku)?.available;
      return { ...product, availability: availabilityOf(available, admin) };
    });
  }

  /** The levels of `skus`, joining lookups already under way and starting one for the rest. */
  private shared(skus: string[], now: number): Promise<Array<Map<string, number> | undefined>> {
    const lookups = new Set<Promise<Map<string, number> | undefined>>();
    const unclaimed = skus.filter((sku) => {
      const lookup = this.inflight.get(sku);
      if (lookup) lookups.add(lookup);
      return !lookup;
    });
    if (unclaimed.length > 0) {
      const lookup = this.fetch(unclaimed, now);
      for (const sku of unclaimed) this.inflight.set(sku, lookup);
      const release = () =>
        unclaimed.forEach((sku) => this.inflight.get(sku) === lookup && this.inflight.delete(sku));
      lookup.then(release, release);
      lookups.add(lookup);
    }
    return Promise.all(lookups);
  }

  /** Available units per SKU (0 when inventory does not know it), or undefined when inventory is unavailable. */
  private async fetch(skus: string[], now: number): Promise<Map<string, number> | undefined> {
    try {
      const reply = await this.inventory.call('batchGetStock', { skus });
      const bySku = new Map(reply.levels.map((level) => [level.sku, level.available]));
      const result = new Map(skus.map((sku) => [sku, bySku.get(sku) ?? 0]));
      if (this.cache.size + skus.length > CACHE_MAX_ENTRIES) this.cache.clear();
      for (const [sku, available] of result) this.cache.set(sku, { available, fetchedAt: now });
      return result;
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'SERVICE_UNAVAILABLE') throw error;
      this.logger.warn({ msg: 'inventory unavailable; products served without stock' });
      return undefined;
    }
  }
}

function availabilityOf(available: number | undefined, admin: boolean): Availability {
  if (available === undefined) return { status: 'unknown' };
  const status = available <= 0 ? 'out' : available <= LOW_STOCK_THRESHOLD ? 'low' : 'in_stock';
  return admin ? { status, available } : { status };
}
