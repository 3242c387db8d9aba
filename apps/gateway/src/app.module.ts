import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthModule, HttpAuthGuard } from '@bazaar/auth';
import { PlatformModule, RpcClientsModule, RpcDependencyReadiness } from '@bazaar/platform';
import { GatewayAuthModule } from './auth/auth.module';
import { GatewayConfig } from './gateway.config';
import { ProductsModule } from './products/products.module';
import { RateLimitGuard } from './security/rate-limit.guard';
import { RateLimitModule } from './security/rate-limit.module';

@Module({
  imports: [
    RpcClientsModule.register(['identity', 'catalog']),
    PlatformModule.forRoot({
      service: 'gateway',
      config: GatewayConfig,
      readiness: { indicators: [RpcDependencyReadiness('identity'), RpcDependencyReadiness('catalog')] },
    }),
    AuthModule.forService(),
    RateLimitModule,
    GatewayAuthModule,
    ProductsModule,
  ],
  providers: [
    // In this order: the rate limit counts per verified user, so it runs after authentication.
    { provide: APP_GUARD, useClass: HttpAuthGuard },
    { provide: APP_GUARD, useClass: RateLimitGuard },
  ],
})
export class AppModule {}
