import { Module } from '@nestjs/common';
import { AuthModule } from '@bazaar/auth';
import { MessagingModule } from '@bazaar/messaging';
import { PlatformModule } from '@bazaar/platform';
import { DatabaseReadiness, PersistenceModule } from '@bazaar/persistence';
import { CatalogConfig } from './catalog.config';
import { DatabaseModule } from './database/database.module';
import { ProductsModule } from './products/products.module';
import { SeedModule } from './seed/seed.module';

@Module({
  imports: [
    PlatformModule.forRoot({
      service: 'catalog',
      config: CatalogConfig,
      readiness: { indicators: [DatabaseReadiness] },
    }),
    PersistenceModule.forService('catalog'),
    // product.created / updated / deleted, through the outbox.
    MessagingModule.forService({ publishes: true }),
    // Verifies service tokens on every RPC when SERVICE_AUTH=required.
    AuthModule.forService(),
    DatabaseModule,
    ProductsModule,
    SeedModule,
  ],
})
export class AppModule {}
