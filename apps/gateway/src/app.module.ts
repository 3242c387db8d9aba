import { Module } from '@nestjs/common';
import { PlatformModule, RpcClientsModule, RpcDependencyReadiness } from '@bazaar/platform';
import { GatewayConfig } from './gateway.config';
import { ProductsModule } from './products/products.module';

@Module({
  imports: [
    RpcClientsModule.register(['catalog']),
    PlatformModule.forRoot({
      service: 'gateway',
      config: GatewayConfig,
      readiness: { indicators: [RpcDependencyReadiness('catalog')] },
    }),
    ProductsModule,
  ],
})
export class AppModule {}
