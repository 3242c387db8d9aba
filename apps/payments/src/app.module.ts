import { Module } from '@nestjs/common';
import { AuthModule } from '@bazaar/auth';
import { MessagingModule } from '@bazaar/messaging';
import { DatabaseReadiness, PersistenceModule } from '@bazaar/persistence';
import { PlatformModule } from '@bazaar/platform';
import { BreakersReadiness, ResilienceModule } from '@bazaar/resilience';
import { PaymentsConfig } from './payments.config';
import { DatabaseModule } from './database/database.module';
import { PaymentsModule } from './payments/payments.module';

@Module({
  imports: [
    PlatformModule.forRoot({
      service: 'payments',
      config: PaymentsConfig,
      // The breakers' states are details: an open breaker answers fast and keeps the service ready.
      readiness: { indicators: [DatabaseReadiness, BreakersReadiness] },
    }),
    PersistenceModule.forService('payments'),
    // Records payments.payment.* events through the outbox.
    MessagingModule.forService({ publishes: true }),
    // Verifies service tokens on every RPC when SERVICE_AUTH=required.
    AuthModule.forService(),
    ResilienceModule,
    DatabaseModule,
    PaymentsModule,
  ],
})
export class AppModule {}
