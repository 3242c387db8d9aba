import { Module } from '@nestjs/common';
import { InventorySeed } from './inventory-seed';

@Module({ providers: [InventorySeed] })
export class SeedModule {}
