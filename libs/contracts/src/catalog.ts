/** Message patterns of the catalog service (Nest TCP transport). */
export const CATALOG_PATTERNS = {
  listProducts: 'catalog.products.list',
  getProduct: 'catalog.products.get',
  createProduct: 'catalog.products.create',
  updateProduct: 'catalog.products.update',
  deleteProduct: 'catalog.products.delete',
  listCategories: 'catalog.categories.list',
} as const;

export const CATALOG_LIMITS = {
  pageSizeMax: 100,
  pageSizeDefault: 20,
  queryMaxLength: 100,
  skuMaxLength: 64,
  nameMaxLength: 200,
  descriptionMaxLength: 4000,
  priceMinorMax: 100_000_000,
} as const;

export interface Money {
  /** Amount in the currency's minor unit (cents for EUR). */
  amountMinor: number;
  /** ISO 4217 code. */
  currency: string;
}

export interface CategoryView {
  slug: string;
  name: string;
}

export interface ProductView {
  id: string;
  sku: string;
  name: string;
  description: string;
  price: Money;
  category: CategoryView;
  createdAt: string;
  updatedAt: string;
}

export interface ProductPage {
  items: ProductView[];
  /** Opaque; pass back as `cursor` for the next page. Null on the last page. */
  nextCursor: string | null;
}

export interface ListProductsRequest {
  cursor?: string;
  limit?: number;
  category?: string;
  q?: string;
}

export interface GetProductRequest {
  id: string;
}

export interface CreateProductRequest {
  sku: string;
  name: string;
  description: string;
  priceMinor: number;
  currency: string;
  category: string;
}

export type ProductChanges = Partial<Omit<CreateProductRequest, 'sku'>>;

export interface UpdateProductRequest {
  id: string;
  changes: ProductChanges;
}

export interface DeleteProductRequest {
  id: string;
}

export const CATALOG_CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF', 'SEK', 'PLN'] as const;
/** Upper-case letters, digits and dashes, starting with a letter or digit: `APP-TSHIRT-NAVY`. */
export const SKU_PATTERN = /^[A-Z0-9][A-Z0-9-]*$/;
/** Lower-case words joined by single dashes: `home-kitchen`. */
// Linear despite the nested quantifier: every repetition starts with the literal '-'.
// eslint-disable-next-line security/detect-unsafe-regex
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
