import { Module } from '@nestjs/common';
import { CatalogSeed } from './catalog-seed';
import { SeedRepository } from './seed.repository';

@Module({ providers: [CatalogSeed, SeedRepository], exports: [CatalogSeed] })
export class SeedModule {}
