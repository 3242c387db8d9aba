import { Module } from '@nestjs/common';
import { CatalogSeed } from './catalog-seed';

@Module({ providers: [CatalogSeed], exports: [CatalogSeed] })
export class SeedModule {}
