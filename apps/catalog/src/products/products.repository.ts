import { Injectable } from '@nestjs/common';
import { CreateProductRequest, ProductChanges } from '@bazaar/contracts';
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
  constructor(private readonly db: CatalogDatabase) {}

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
      return await this.db.product.create({
        data: { ...fields, category: { connect: { slug: category } } },
        include: withCategory,
      });
    } catch (error) {
      throw this.translate(error, { sku: input.sku, category });
    }
  }

  async update(id: string, changes: ProductChanges): Promise<ProductRow> {
    const { category, ...fields } = changes;
    try {
      return await this.db.product.update({
        where: { id },
        data: { ...fields, ...(category ? { category: { connect: { slug: category } } } : {}) },
        include: withCategory,
      });
    } catch (error) {
      throw this.translate(error, { id, category });
    }
  }

  async delete(id: string): Promise<void> {
    try {
      await this.db.product.delete({ where: { id } });
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
