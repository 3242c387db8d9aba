import { Injectable } from '@nestjs/common';
import { CATALOG_PATTERNS, GetProductRequest, ProductView } from '@bazaar/contracts';
import { DomainError, InjectRpcClient, RpcClient } from '@bazaar/platform';

/** Products as catalog has them now. */
@Injectable()
export class CartCatalog {
  constructor(@InjectRpcClient('catalog') private readonly catalog: RpcClient) {}

  /** One product; PRODUCT_NOT_FOUND (catalog's own refusal) for an unknown or deleted one. */
  product(id: string): Promise<ProductView> {
    return this.catalog.send<ProductView, GetProductRequest>(CATALOG_PATTERNS.getProduct, { id });
  }

  /**
   * The products of `ids` that still exist, by id. The reads go out together: catalog answers reads by id that
   * arrive together with one query. Any other failure (catalog down) fails the whole read: a cart without
   * prices cannot be shown.
   */
  async products(ids: string[]): Promise<Map<string, ProductView>> {
    const found = await Promise.all(ids.map((id) => this.product(id).catch(unlessNotFound)));
    return new Map(found.filter((product) => product !== undefined).map((product) => [product.id, product]));
  }
}

function unlessNotFound(error: unknown): undefined {
  if (error instanceof DomainError && error.code === 'PRODUCT_NOT_FOUND') return undefined;
  throw error;
}
