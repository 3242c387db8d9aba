import { Global, Module } from '@nestjs/common';
import { CatalogDatabase } from './catalog-database';

@Global()
@Module({ providers: [CatalogDatabase], exports: [CatalogDatabase] })
export class DatabaseModule {}
