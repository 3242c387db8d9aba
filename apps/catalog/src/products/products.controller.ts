import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import {
  CATALOG_PATTERNS,
  CategoryView,
  DeleteProductRequest,
  GetProductRequest,
  ProductPage,
  ProductView,
} from '@bazaar/contracts';
import { RpcData } from '@bazaar/platform';
import { ProductIdPipe } from './product-id.pipe';
import { CreateProductDto, ListProductsDto, UpdateProductDto } from './products.dto';
import { ProductsService } from './products.service';

/** Catalog's RPC surface. Write patterns are only called by the gateway's admin routes. */
@Controller()
export class ProductsController {
  constructor(private readonly products: ProductsService) {}

  @MessagePattern(CATALOG_PATTERNS.listProducts)
  list(@RpcData() query: ListProductsDto): Promise<ProductPage> {
    return this.products.list(query);
  }

  @MessagePattern(CATALOG_PATTERNS.getProduct)
  get(@RpcData(ProductIdPipe) { id }: GetProductRequest): Promise<ProductView> {
    return this.products.get(id);
  }

  @MessagePattern(CATALOG_PATTERNS.createProduct)
  create(@RpcData() input: CreateProductDto): Promise<ProductView> {
    return this.products.create(input);
  }

  @MessagePattern(CATALOG_PATTERNS.updateProduct)
  update(@RpcData() { id, changes }: UpdateProductDto): Promise<ProductView> {
    return this.products.update(id, changes);
  }

  @MessagePattern(CATALOG_PATTERNS.deleteProduct)
  async delete(@RpcData(ProductIdPipe) { id }: DeleteProductRequest): Promise<{ deleted: true }> {
    await this.products.delete(id);
    return { deleted: true };
  }

  @MessagePattern(CATALOG_PATTERNS.listCategories)
  categories(): Promise<CategoryView[]> {
    return this.products.categories();
  }
}
