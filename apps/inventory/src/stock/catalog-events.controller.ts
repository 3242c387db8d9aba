import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { CATALOG_EVENTS, EventEnvelope, ProductCreatedV1 } from '@bazaar/contracts';
import { StockService } from './stock.service';

/** What inventory learns from the catalog: every new SKU gets a stock row (zero on hand) to adjust later. */
@Controller()
export class CatalogEventsController {
  constructor(private readonly stock: StockService) {}

  @EventPattern(CATALOG_EVENTS.productCreated.type)
  productCreated(@Payload() event: EventEnvelope<ProductCreatedV1>): Promise<void> {
    return this.stock.productCreated(event);
  }
}
