import { Injectable } from '@nestjs/common';
import {
  CATALOG_LIMITS,
  CategoryView,
  CreateProductRequest,
  ListProductsRequest,
  ProductChanges,
  ProductPage,
  ProductView,
} from '@bazaar/contracts';
import { pageOf } from '@bazaar/platform';
import { decodeCursor, encodeCursor } from './product-cursor';
import { invalidCursor, productNotFound } from './products.errors';
import { ProductRecord, ProductsRepository } from './products.repository';

@Injectable()
export class ProductsService {
  constructor(private readonly products: ProductsRepository) {}

  async list(request: ListProductsRequest): Promise<ProductPage> {
    const limit = request.limit ?? CATALOG_LIMITS.pageSizeDefault;
    const afterId = request.cursor === undefined ? undefined : decodeCursor(request.cursor);
    if (request.cursor !== undefined && afterId === undefined) throw invalidCursor();
    const rows = await this.products.list({
      afterId,
      take: limit + 1,
      categorySlug: request.category,
      q: request.q,
    });
    return pageOf(rows, limit, toView, (last) => encodeCursor(last.id));
  }

  async get(id: string): Promise<ProductView> {
    const row = await this.products.findById(id);
    if (!row) throw productNotFound(id);
    return toView(row);
  }

  async create(request: CreateProductRequest): Promise<ProductView> {
    return toView(await this.products.create(request));
  }

  async update(id: string, changes: ProductChanges): Promise<ProductView> {
    return toView(await this.products.update(id, changes));
  }

  async delete(id: string): Promise<void> {
    await this.products.delete(id);
  }

  categories(): Promise<CategoryView[]> {
    return this.products.categories();
  }
}

function toView(row: ProductRecord): ProductView {
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    description: row.description,
    price: { amountMinor: row.priceMinor, currency: row.currency },
    category: { slug: row.category.slug, name: row.category.name },
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
