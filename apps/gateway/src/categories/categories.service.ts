import { Injectable } from '@nestjs/common';
import { CATALOG_PATTERNS, CategoryView } from '@bazaar/contracts';
import { InjectRpcClient, RpcClient } from '@bazaar/platform';

/** The catalog's categories: what a shop offers as a filter beside its product list. */
@Injectable()
export class CategoriesService {
  constructor(@InjectRpcClient('catalog') private readonly catalog: RpcClient) {}

  async list(): Promise<{ items: CategoryView[] }> {
    const items = await this.catalog.send<CategoryView[], Record<string, never>>(
      CATALOG_PATTERNS.listCategories,
      {},
    );
    return { items };
  }
}
