import { INVENTORY_PROTO_PACKAGE, inventoryProtoPath } from '@bazaar/contracts';
import { consumeEvents } from '@bazaar/messaging';
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
  eventServer: consumeEvents,
}).catch(() => process.exit(1));
