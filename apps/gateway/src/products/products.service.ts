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

/** Products from catalog; the reads carry each product's availability from inventory. */
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
    const [withAvailability] = await this.availability.attach([product]);
    return withAvailability;
  }

  create(request: CreateProductRequest): Promise<ProductView> {
    return this.catalog.send<ProductView, CreateProductRequest>(CATALOG_PATTERNS.createProduct, request);
  }

  update(id: string, changes: ProductChanges): Promise<ProductView> {
    return this.catalog.send<ProductView, UpdateProductRequest>(CATALOG_PATTERNS.updateProduct, {
      id,
      changes,
    });
  }

  async delete(id: string): Promise<void> {
    await this.catalog.send<unknown, DeleteProductRequest>(CATALOG_PATTERNS.deleteProduct, { id });
  }
}
