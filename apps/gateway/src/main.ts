import { bootstrapService } from '@bazaar/platform';
import { AppModule } from './app.module';
import { configureGatewayHttp, GATEWAY_BODY_LIMIT } from './http/configure-http';

bootstrapService(AppModule, {
  name: 'gateway',
  bodyLimit: GATEWAY_BODY_LIMIT,
  configureHttp: configureGatewayHttp,
}).catch(() => process.exit(1));
