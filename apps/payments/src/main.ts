import { bootstrapService } from '@bazaar/platform';
import { AppModule } from './app.module';

bootstrapService(AppModule, {
  name: 'payments',
  transport: 'tcp',
}).catch(() => process.exit(1));
