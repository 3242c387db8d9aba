import { Module } from '@nestjs/common';
import { CatalogEventsController } from './catalog-events.controller';
import { StockController } from './stock.controller';
import { StockRepository } from './stock.repository';
import { StockService } from './stock.service';

@Module({
  controllers: [StockController, CatalogEventsController],
  providers: [StockService, StockRepository],
  // The demo seed writes stock rows through the repository too.
  exports: [StockRepository],
})
export class StockModule {}
