import { inventoryV1 } from '@bazaar/contracts';
import { GrpcClient, InjectGrpcClient } from '@bazaar/platform';

/** Inventory over gRPC, typed by the client interface generated from inventory.proto. */
export type InventoryClient = GrpcClient<inventoryV1.InventoryServiceClient>;

/** `constructor(@InjectInventory() private readonly inventory: InventoryClient)` */
export const InjectInventory = (): ParameterDecorator => InjectGrpcClient('inventory');
