import { Module } from '@nestjs/common';
import { AuthModule } from '@bazaar/auth';
import { DatabaseReadiness, PersistenceModule } from '@bazaar/persistence';
import { PlatformModule } from '@bazaar/platform';
import { DatabaseModule } from './database/database.module';
import { InventoryConfig } from './inventory.config';
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
    // Verifies service tokens on every call when SERVICE_AUTH=required.
    AuthModule.forService(),
    DatabaseModule,
    StockModule,
    SeedModule,
  ],
})
export class AppModule {}
