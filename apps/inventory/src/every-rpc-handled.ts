import type { inventoryV1 } from '@bazaar/contracts';
import type { ReservationRpc } from './reservations/reservations.controller';
import type { StockRpc } from './stock/stock.controller';

/** Compiles only when `T` is empty; otherwise the error names what is in it. */
type NoneLeft<T extends never> = T;

/**
 * Every rpc of bazaar.inventory.v1.InventoryService has a handler: each controller implements the generated
 * interface for the rpcs it names, and an rpc added to the proto that neither names fails the build here.
 */
export type EveryInventoryRpcHandled = NoneLeft<
  Exclude<keyof inventoryV1.InventoryServiceController, StockRpc | ReservationRpc>
>;
