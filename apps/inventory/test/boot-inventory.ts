import { INVENTORY_PROTO_PACKAGE, inventoryProtoPath } from '@bazaar/contracts';
import { BootedService, bootService } from '../../../test/support/boot-service';
import { AppModule } from '../src/app.module';
import { RawInventoryClient } from './grpc-client';

export interface BootedInventory extends BootedService {
  grpc: RawInventoryClient;
  address: string;
}

/** Inventory in-process on its real gRPC transport and a fresh database, with a raw gRPC client from the .proto. */
export async function bootInventory(env: Record<string, string> = {}): Promise<BootedInventory> {
  const booted = await bootService(
    'inventory',
    AppModule,
    { INVENTORY_SEED: 'false', ...env },
    {
      kind: 'grpc',
      package: INVENTORY_PROTO_PACKAGE,
      protoPath: inventoryProtoPath(),
      services: [`${INVENTORY_PROTO_PACKAGE}.InventoryService`],
    },
  );
  const address = `127.0.0.1:${booted.service.rpcPort}`;
  const grpc = new RawInventoryClient(address);
  return {
    ...booted,
    grpc,
    address,
    close: async () => {
      grpc.close();
      await booted.close();
    },
  };
}
