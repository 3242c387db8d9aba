import { Injectable } from '@nestjs/common';
import { CATALOG_EVENTS, CreateProductRequest, ProductChanges, ProductStateV1 } from '@bazaar/contracts';
import { Outbox } from '@bazaar/messaging';
import { CatalogDatabase } from '../database/catalog-database';
import { Prisma } from '../generated/prisma/client';
import { escapeLike } from './product-search';
import { categoryNotFound, productNotFound, skuTaken } from './products.errors';

const withCategory = { category: { select: { slug: true, name: true } } } as const;

export type ProductRow = Prisma.ProductGetPayload<{ include: typeof withCategory }>;

export interface ProductQuery {
  afterId?: string;
  take: number;
  categorySlug?: string;
  q?: string;
}

/** The only place that speaks Prisma for products; database errors become catalog errors here. */
@Injectable()
export class ProductsRepository {
  constructor(
    private readonly db: CatalogDatabase,
    private readonly outbox: Outbox,
  ) {}

  list(query: ProductQuery): Promise<ProductRow[]> {
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

  findById(id: string): Promise<ProductRow | null> {
    return this.db.product.findUnique({ where: { id }, include: withCategory });
  }

  async create(input: CreateProductRequest): Promise<ProductRow> {
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

  async update(id: string, changes: ProductChanges): Promise<ProductRow> {
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

/** The product as events carry it: what a consumer needs to keep its own copy. */
function productState(product: ProductRow): ProductStateV1 {
  return {
    productId: product.id,
    sku: product.sku,
    name: product.name,
    priceMinor: product.priceMinor,
    currency: product.currency,
    category: product.category.slug,
  };
}
