import { Module } from '@nestjs/common';
import { ReservationsModule } from '../reservations/reservations.module';
import { InventoryController } from './inventory.controller';
import { StockService } from './stock.service';

@Module({ imports: [ReservationsModule], controllers: [InventoryController], providers: [StockService] })
export class StockModule {}
