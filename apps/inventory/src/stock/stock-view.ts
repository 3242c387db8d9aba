import { inventoryV1 } from '@bazaar/contracts';

export function toStockLevel(row: { sku: string; onHand: number; reserved: number }): inventoryV1.StockLevel {
  return { sku: row.sku, onHand: row.onHand, reserved: row.reserved, available: row.onHand - row.reserved };
}
