import { Module } from '@nestjs/common';
import { AuthModule } from '@bazaar/auth';
import { MessagingModule } from '@bazaar/messaging';
import { DatabaseReadiness, PersistenceModule } from '@bazaar/persistence';
import { PlatformModule } from '@bazaar/platform';
import { DatabaseModule } from './database/database.module';
import { InventoryConfig } from './inventory.config';
import { ReservationsModule } from './reservations/reservations.module';
import { SeedModule } from './seed/seed.module';
import { StockModule } from './stock/stock.module';

@Module({
  imports: [
    PlatformModule.forRoot({
      service: 'inventory',
      config: InventoryConfig,
      readiness: { indicators: [DatabaseReadiness] },
    }),
    PersistenceModule.forService('inventory'),
    // Consumes catalog.product.created (a zero stock row per new SKU).
    MessagingModule.forService({ consumes: true }),
    // Verifies service tokens on every call when SERVICE_AUTH=required.
    AuthModule.forService(),
    DatabaseModule,
    StockModule,
    ReservationsModule,
    SeedModule,
  ],
})
export class AppModule {}
