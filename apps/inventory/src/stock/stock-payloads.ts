import { CATALOG_LIMITS, INVENTORY_LIMITS, inventoryV1, SKU_PATTERN } from '@bazaar/contracts';
import { HotPayloadPipe } from '@bazaar/platform';
import { BatchGetStockDto } from './stock.dto';

// Hand-written acceptance beside class-validator: docs/adr/0015-inventory-hot-path.md

/** What `@IsSku()` accepts: a string of at most 64 characters matching the SKU pattern (ASCII only). */
export function isPlainSku(value: unknown): value is string {
  return typeof value === 'string' && value.length <= CATALOG_LIMITS.skuMaxLength && SKU_PATTERN.test(value);
}

/** A plain object whose own keys are exactly `keys`, in any order: no field the DTO would forbid. */
export function hasExactly(value: unknown, keys: readonly string[]): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const own = Object.keys(value);
  return own.length === keys.length && keys.every((key) => Object.hasOwn(value, key));
}

/** Every index of `list` holds an item `check` accepts (a hole in a sparse array does not). */
export function everyItem(list: unknown[], check: (item: unknown) => boolean): boolean {
  for (let index = 0; index < list.length; index++) if (!check(list[index])) return false;
  return true;
}

/** `{ skus }` as BatchGetStockDto accepts it: 1 to 100 SKUs. */
export function isPlainBatchGetStock(value: unknown): value is inventoryV1.BatchGetStockRequest {
  if (!hasExactly(value, ['skus'])) return false;
  const { skus } = value;
  return (
    Array.isArray(skus) &&
    skus.length >= 1 &&
    skus.length <= INVENTORY_LIMITS.batchSkusMax &&
    everyItem(skus, isPlainSku)
  );
}

/** BatchGetStock is what the gateway asks for every product it shows. */
export const batchGetStockPipe = new HotPayloadPipe(BatchGetStockDto, isPlainBatchGetStock);
