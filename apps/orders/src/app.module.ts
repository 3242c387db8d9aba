import { Module } from '@nestjs/common';
import { AuthModule } from '@bazaar/auth';
import { INVENTORY_PROTO_PACKAGE, inventoryProtoPath } from '@bazaar/contracts';
import { MessagingModule } from '@bazaar/messaging';
import { DatabaseReadiness, PersistenceModule } from '@bazaar/persistence';
import {
  GrpcClientsModule,
  PlatformModule,
  RpcClientsModule,
  RpcDependencyReadiness,
} from '@bazaar/platform';
import { OrdersConfig } from './orders.config';
import { CartModule } from './cart/cart.module';
import { DatabaseModule } from './database/database.module';
import { CheckoutModule } from './checkout/checkout.module';
import { CheckoutSaga } from './checkout/checkout-saga';
import { CrashPoints } from './checkout/crash-points';
import { CheckoutController } from './checkout/checkout.controller';
import { CheckoutService } from './checkout/checkout.service';
import { SagaCompensations } from './checkout/saga-compensations';
import { SagaMoves } from './checkout/saga-moves';
import { OrderCancelService } from './checkout/order-cancel.service';
import { OrderListService } from './checkout/order-list.service';
import { OrderPages } from './checkout/order-pages.repository';
import { SagaPayments } from './checkout/saga-payments';
import { SagaRefunds } from './checkout/saga-refunds';
import { SagaStock } from './checkout/saga-stock';

/**
 * What orders runs on, whatever runs its sagas: configuration, its database, its clients of catalog, inventory and
 * payments, the outbox, service auth. Shared with the tests that bring their own saga runner, or none.
 */
export const ORDERS_FOUNDATION = [
  // Names and prices come from catalog whenever a cart is shown or an order placed; the saga takes payments
  // through payments (broker RPC: Nest TCP embedded, RabbitMQ in production).
  RpcClientsModule.register(['catalog', 'payments']),
  // Stock comes from inventory; while it cannot answer, carts show availability `unknown`.
  GrpcClientsModule.register([
    {
      service: 'inventory',
      package: INVENTORY_PROTO_PACKAGE,
      protoPath: inventoryProtoPath(),
      serviceName: 'InventoryService',
    },
  ]),
  PlatformModule.forRoot({
    service: 'orders',
    config: OrdersConfig,
    // Catalog is a readiness dependency (no cart can be priced without it); inventory is not: carts degrade.
    readiness: { indicators: [DatabaseReadiness, RpcDependencyReadiness('catalog')] },
  }),
  PersistenceModule.forService('orders'),
  // Records the orders' events through the outbox.
  MessagingModule.forService({ publishes: true }),
  // Verifies service tokens on every RPC when SERVICE_AUTH=required.
  AuthModule.forService(),
  DatabaseModule,
];

@Module({
  imports: [
    ...ORDERS_FOUNDATION,
    // Checkout: the orders and their saga store, the checkout saga and the loop that resumes it.
    CheckoutModule.withRunner(CheckoutSaga, {
      imports: [CartModule],
      providers: [
        SagaMoves,
        SagaStock,
        SagaPayments,
        SagaCompensations,
        CrashPoints,
        SagaRefunds,
        CheckoutService,
        OrderPages,
        OrderListService,
        OrderCancelService,
      ],
      controllers: [CheckoutController],
    }),
    CartModule,
  ],
})
export class AppModule {}
