import { DomainError, validationError } from '@bazaar/platform';

export const skuNotFound = (sku: string) =>
  new DomainError('SKU_NOT_FOUND', `No stock for ${sku}.`, { skus: [sku] });

export const belowReserved = (sku: string, reserved: number) =>
  new DomainError('INSUFFICIENT_STOCK', `On hand of ${sku} cannot go below the ${reserved} reserved.`, {
    lines: [{ sku, requested: reserved, available: 0 }],
  });

export const negativeStock = () =>
  validationError([{ field: 'add', messages: ['on hand cannot go below zero'] }]);
