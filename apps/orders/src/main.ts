import { bootstrapService } from '@bazaar/platform';
import { AppModule } from './app.module';

bootstrapService(AppModule, {
  name: 'orders',
  transport: 'tcp',
}).catch(() => process.exit(1));
