import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { CATALOG_EVENTS, CreateProductRequest, ProductChanges, ProductStateV1 } from '@bazaar/contracts';
import { Outbox } from '@bazaar/messaging';
import { DatabaseConnection } from '@bazaar/persistence';
import { CatalogDatabase } from '../database/catalog-database';
import { Prisma } from '../generated/prisma/client';
import { escapeLike } from './product-search';
import { categoryNotFound, productNotFound, skuTaken } from './products.errors';

const withCategory = { category: { select: { slug: true, name: true } } } as const;

/** A product as the repository hands it out: the catalog's own shape, whatever the storage behind it. */
export interface ProductRecord {
  id: string;
  sku: string;
  name: string;
  description: string;
  priceMinor: number;
  currency: string;
  createdAt: Date;
  updatedAt: Date;
  category: { slug: string; name: string };
}

// Beside Prisma on purpose: docs/adr/0011-catalog-by-id-read-path.md
/**
 * The hottest read of the platform in one prepared statement: Prisma would send two queries for a product with
 * its category (one per relation) and spend several times the driver's own CPU per query building them. Column
 * names follow prisma/catalog/migrations; the integration suite reads products through this path.
 */
const PRODUCTS_BY_ID = {
  name: 'catalog.products.by-id',
  text: `SELECT p.id, p.sku, p.name, p.description, p.price_minor, p.currency, p.category_id, p.created_at,
                p.updated_at, c.slug AS category_slug, c.name AS category_name
           FROM product p JOIN category c ON c.id = p.category_id
          WHERE p.id = ANY($1::uuid[])`,
} as const;

interface ProductByIdRecord {
  id: string;
  sku: string;
  name: string;
  description: string;
  price_minor: number;
  currency: string;
  category_id: string;
  created_at: Date;
  updated_at: Date;
  category_slug: string;
  category_name: string;
}

export interface ProductQuery {
  afterId?: string;
  take: number;
  categorySlug?: string;
  q?: string;
}

/** The only place that speaks Prisma for products; database errors become catalog errors here. */
@Injectable()
export class ProductsRepository {
  /**
   * Reads by id that arrive in the same turn of the event loop share one `WHERE id IN (...)` query: under load
   * that divides the cost of a query (Prisma's planning, a round trip, a PostgreSQL statement) by the number of
   * concurrent reads, and alone it is the same single query. Nothing is cached: every read sees committed data.
   */
  private readonly byId = new DataLoader<string, ProductRecord | null>((ids) => this.findMany(ids), {
    cache: false,
    maxBatchSize: 200,
  });

  constructor(
    private readonly db: CatalogDatabase,
    private readonly connection: DatabaseConnection,
    private readonly outbox: Outbox,
  ) {}

  list(query: ProductQuery): Promise<ProductRecord[]> {
    const where: Prisma.ProductWhereInput = {};
    if (query.afterId) where.id = { gt: query.afterId };
    if (query.categorySlug) where.category = { slug: query.categorySlug };
    if (query.q) {
      const text = escapeLike(query.q);
      where.OR = [
        { name: { contains: text, mode: 'insensitive' } },
        { description: { contains: text, mode: 'insensitive' } },
      ];
    }
    return this.db.product.findMany({
      where,
      orderBy: { id: 'asc' },
      take: query.take,
      include: withCategory,
    });
  }

  findById(id: string): Promise<ProductRecord | null> {
    return this.byId.load(id);
  }

  private async findMany(ids: readonly string[]): Promise<Array<ProductRecord | null>> {
    const { rows } = await this.connection.pool.query<ProductByIdRecord>({
      ...PRODUCTS_BY_ID,
      values: [ids],
    });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => {
      const row = byId.get(id);
      return row ? productRecordOf(row) : null;
    });
  }

  async create(input: CreateProductRequest): Promise<ProductRecord> {
    const { category, ...fields } = input;
    try {
      return await this.outbox.transaction(this.db, async (tx, events) => {
        const product = await tx.product.create({
          data: { ...fields, category: { connect: { slug: category } } },
          include: withCategory,
        });
        events.record(CATALOG_EVENTS.productCreated, product.id, productState(product));
        return product;
      });
    } catch (error) {
      throw this.translate(error, { sku: input.sku, category });
    }
  }

  async update(id: string, changes: ProductChanges): Promise<ProductRecord> {
    const { category, ...fields } = changes;
    try {
      return await this.outbox.transaction(this.db, async (tx, events) => {
        const product = await tx.product.update({
          where: { id },
          data: { ...fields, ...(category ? { category: { connect: { slug: category } } } : {}) },
          include: withCategory,
        });
        events.record(CATALOG_EVENTS.productUpdated, product.id, productState(product));
        return product;
      });
    } catch (error) {
      throw this.translate(error, { id, category });
    }
  }

  async delete(id: string): Promise<void> {
    try {
      await this.outbox.transaction(this.db, async (tx, events) => {
        const product = await tx.product.delete({ where: { id }, select: { id: true, sku: true } });
        events.record(CATALOG_EVENTS.productDeleted, product.id, { productId: product.id, sku: product.sku });
      });
    } catch (error) {
      throw this.translate(error, { id });
    }
  }

  categories(): Promise<Array<{ slug: string; name: string }>> {
    return this.db.category.findMany({ select: { slug: true, name: true }, orderBy: { name: 'asc' } });
  }

  private translate(error: unknown, context: { id?: string; sku?: string; category?: string }): unknown {
    if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return error;
    if (error.code === 'P2002' && context.sku) return skuTaken(context.sku);
    if (error.code === 'P2025') {
      // "Record to update/delete not found" vs "No 'Category' record found for a nested connect".
      const cause = JSON.stringify(error.meta ?? {}) + error.message;
      if (context.category && /category/i.test(cause)) return categoryNotFound(context.category);
      if (context.id) return productNotFound(context.id);
    }
    return error;
  }
}

function productRecordOf(record: ProductByIdRecord): ProductRecord {
  return {
    id: record.id,
    sku: record.sku,
    name: record.name,
    description: record.description,
    priceMinor: record.price_minor,
    currency: record.currency,
    createdAt: record.created_at,
    updatedAt: record.updated_at,
    category: { slug: record.category_slug, name: record.category_name },
  };
}

/** The product as events carry it: what a consumer needs to keep its own copy. */
function productState(product: ProductRecord): ProductStateV1 {
  return {
    productId: product.id,
    sku: product.sku,
    name: product.name,
    priceMinor: product.priceMinor,
    currency: product.currency,
    category: product.category.slug,
  };
}
