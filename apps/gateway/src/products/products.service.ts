import { Injectable } from '@nestjs/common';
import {
  CATALOG_PATTERNS,
  CreateProductRequest,
  DeleteProductRequest,
  GetProductRequest,
  ListProductsRequest,
  ProductChanges,
  ProductPage,
  ProductView,
  UpdateProductRequest,
} from '@bazaar/contracts';
import { InjectRpcClient, RpcClient } from '@bazaar/platform';
import { AvailabilityService, ProductWithAvailability } from '../inventory/availability.service';

export type ProductPageWithAvailability = ProductPage & { items: ProductWithAvailability[] };

/**
 * Products from catalog, each answered with its availability from inventory: reads and writes alike answer the
 * one product representation the API documents.
 */
@Injectable()
export class ProductsService {
  constructor(
    @InjectRpcClient('catalog') private readonly catalog: RpcClient,
    private readonly availability: AvailabilityService,
  ) {}

  async list(request: ListProductsRequest): Promise<ProductPageWithAvailability> {
    const page = await this.catalog.send<ProductPage, ListProductsRequest>(
      CATALOG_PATTERNS.listProducts,
      request,
    );
    return { ...page, items: await this.availability.attach(page.items) };
  }

  async get(id: string): Promise<ProductWithAvailability> {
    const product = await this.catalog.send<ProductView, GetProductRequest>(CATALOG_PATTERNS.getProduct, {
      id,
    });
    return this.withAvailability(product);
  }

  /** A new product has no stock yet: it answers `out` (0 for admins) until inventory is told otherwise. */
  async create(request: CreateProductRequest): Promise<ProductWithAvailability> {
    const product = await this.catalog.send<ProductView, CreateProductRequest>(
      CATALOG_PATTERNS.createProduct,
      request,
    );
    return this.withAvailability(product);
  }

  async update(id: string, changes: ProductChanges): Promise<ProductWithAvailability> {
    const product = await this.catalog.send<ProductView, UpdateProductRequest>(
      CATALOG_PATTERNS.updateProduct,
      { id, changes },
    );
    return this.withAvailability(product);
  }

  async delete(id: string): Promise<void> {
    await this.catalog.send<unknown, DeleteProductRequest>(CATALOG_PATTERNS.deleteProduct, { id });
  }

  private async withAvailability(product: ProductView): Promise<ProductWithAvailability> {
    const [withAvailability] = await this.availability.attach([product]);
    return withAvailability;
  }
}
