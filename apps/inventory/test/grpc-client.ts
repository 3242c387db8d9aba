import { INVENTORY_PROTO_PACKAGE, inventoryProtoPath } from '@bazaar/contracts';
import { RawGrpcClient } from '../../../test/support/raw-grpc-client';

/** Inventory's service through a plain @grpc/grpc-js client loaded from inventory.proto: the contract test. */
export class RawInventoryClient extends RawGrpcClient {
  constructor(address: string) {
    super(inventoryProtoPath(), `${INVENTORY_PROTO_PACKAGE}.InventoryService`, address);
  }
}
