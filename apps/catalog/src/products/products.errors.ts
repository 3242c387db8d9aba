import { DomainError, validationError } from '@bazaar/platform';

export const productNotFound = (id: string) =>
  new DomainError('PRODUCT_NOT_FOUND', `No product with id ${id}.`, { id });

export const categoryNotFound = (slug: string) =>
  new DomainError('CATEGORY_NOT_FOUND', `No category "${slug}".`, { category: slug });

export const skuTaken = (sku: string) =>
  new DomainError('PRODUCT_SKU_TAKEN', `A product with SKU "${sku}" already exists.`, { sku });

export const invalidCursor = () =>
  validationError([{ field: 'cursor', messages: ['cursor is not a value returned as nextCursor'] }]);
