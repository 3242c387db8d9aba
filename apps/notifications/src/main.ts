import { consumeEvents } from '@bazaar/messaging';
import { bootstrapService } from '@bazaar/platform';
import { AppModule } from './app.module';

bootstrapService(AppModule, { name: 'notifications', transport: 'tcp', eventServer: consumeEvents }).catch(
  () => process.exit(1),
);
