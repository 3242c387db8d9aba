import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthModule, HttpAuthGuard } from '@bazaar/auth';
import { INVENTORY_PROTO_PACKAGE, inventoryProtoPath } from '@bazaar/contracts';
import {
  GrpcClientsModule,
  PlatformModule,
  RpcClientsModule,
  RpcDependencyReadiness,
} from '@bazaar/platform';
import { AdminModule } from './admin/admin.module';
import { CartModule } from './cart/cart.module';
import { CategoriesModule } from './categories/categories.module';
import { GatewayAuthModule } from './auth/auth.module';
import { DeadLettersModule } from './dead-letters/dead-letters.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { InventoryModule } from './inventory/inventory.module';
import { JwksModule } from './jwks/jwks.module';
import { MeModule } from './me/me.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OrdersModule } from './orders/orders.module';
import { GatewayConfig } from './gateway.config';
import { PaymentsModule } from './payments/payments.module';
import { ProductsModule } from './products/products.module';
import { RateLimitGuard } from './security/rate-limit.guard';
import { RateLimitModule } from './security/rate-limit.module';

@Module({
  imports: [
    RpcClientsModule.register(['identity', 'catalog', 'notifications', 'payments', 'orders']),
    GrpcClientsModule.register([
      {
        service: 'inventory',
        package: INVENTORY_PROTO_PACKAGE,
        protoPath: inventoryProtoPath(),
        serviceName: 'InventoryService',
      },
    ]),
    PlatformModule.forRoot({
      service: 'gateway',
      config: GatewayConfig,
      readiness: { indicators: [RpcDependencyReadiness('identity'), RpcDependencyReadiness('catalog')] },
    }),
    AuthModule.forService(),
    RateLimitModule,
    IdempotencyModule,
    // Routes appear in the OpenAPI document module by module, in this order.
    GatewayAuthModule,
    MeModule,
    AdminModule,
    JwksModule,
    ProductsModule,
    CategoriesModule,
    InventoryModule,
    CartModule,
    OrdersModule,
    NotificationsModule,
    DeadLettersModule,
    PaymentsModule,
  ],
  providers: [
    // In this order: the rate limit counts per verified user, so it runs after authentication.
    { provide: APP_GUARD, useClass: HttpAuthGuard },
    { provide: APP_GUARD, useClass: RateLimitGuard },
  ],
})
export class AppModule {}
