import { Module } from '@nestjs/common';
import { AuthModule } from '@bazaar/auth';
import { MessagingModule } from '@bazaar/messaging';
import { DatabaseReadiness, PersistenceModule } from '@bazaar/persistence';
import { PlatformModule } from '@bazaar/platform';
import { OrdersConfig } from './orders.config';
import { DatabaseModule } from './database/database.module';
import { CheckoutModule } from './checkout/checkout.module';

@Module({
  imports: [
    PlatformModule.forRoot({
      service: 'orders',
      config: OrdersConfig,
      readiness: { indicators: [DatabaseReadiness] },
    }),
    PersistenceModule.forService('orders'),
    // Records the orders' events through the outbox.
    MessagingModule.forService({ publishes: true }),
    // Verifies service tokens on every RPC when SERVICE_AUTH=required.
    AuthModule.forService(),
    DatabaseModule,
    // The orders and their saga store; the resume loop joins with the saga runner (CheckoutModule.withRunner).
    CheckoutModule,
  ],
})
export class AppModule {}
