import { Module } from '@nestjs/common';
import { StockModule } from '../stock/stock.module';
import { InventorySeed } from './inventory-seed';

@Module({ imports: [StockModule], providers: [InventorySeed] })
export class SeedModule {}
