import { Global, Module } from '@nestjs/common';
import { InventoryDatabase } from './inventory-database';

@Global()
@Module({ providers: [InventoryDatabase], exports: [InventoryDatabase] })
export class DatabaseModule {}
