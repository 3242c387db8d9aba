import { INVENTORY_PROTO_PACKAGE, inventoryProtoPath } from '@bazaar/contracts';
import { bootstrapService } from '@bazaar/platform';
import { AppModule } from './app.module';

bootstrapService(AppModule, {
  name: 'inventory',
  transport: {
    kind: 'grpc',
    package: INVENTORY_PROTO_PACKAGE,
    protoPath: inventoryProtoPath(),
    services: [`${INVENTORY_PROTO_PACKAGE}.InventoryService`],
  },
}).catch(() => process.exit(1));
