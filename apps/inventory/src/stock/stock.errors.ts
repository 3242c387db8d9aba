import { inventoryV1 } from '@bazaar/contracts';
import { DomainError, validationError } from '@bazaar/platform';

export const skuNotFound = (skus: string[]) =>
  new DomainError('SKU_NOT_FOUND', `No stock for ${skus.join(', ')}.`, { skus });

export const insufficientStock = (lines: inventoryV1.ShortLine[]) =>
  new DomainError(
    'INSUFFICIENT_STOCK',
    `Not enough stock for ${lines.map((l) => `${l.sku} (asked ${l.requested}, available ${l.available})`).join(', ')}.`,
    { lines },
  );

export const belowReserved = (sku: string, reserved: number) =>
  new DomainError('INSUFFICIENT_STOCK', `On hand of ${sku} cannot go below the ${reserved} reserved.`, {
    lines: [{ sku, requested: reserved, available: 0 }],
  });

export const negativeStock = () =>
  validationError([{ field: 'add', messages: ['on hand cannot go below zero'] }]);

export const duplicateSkus = () =>
  validationError([{ field: 'lines', messages: ['each sku may appear on one line only'] }]);
