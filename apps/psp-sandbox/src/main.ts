import { bootstrapService } from '@bazaar/platform';
import { AppModule } from './app.module';

bootstrapService(AppModule, {
  name: 'psp-sandbox',
}).catch(() => process.exit(1));
