import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { CATALOG_EVENTS, EventEnvelope, ProductCreatedV1 } from '@bazaar/contracts';
import { Inbox } from '@bazaar/messaging';
import { InventoryDatabase } from '../database/inventory-database';

/** What inventory learns from the catalog: every new SKU gets a stock row (zero on hand) to adjust later. */
@Controller()
export class CatalogEventsController {
  constructor(
    private readonly db: InventoryDatabase,
    private readonly inbox: Inbox,
  ) {}

  @EventPattern(CATALOG_EVENTS.productCreated.type)
  async productCreated(@Payload() event: EventEnvelope<ProductCreatedV1>): Promise<void> {
    await this.inbox.handle(
      this.db,
      event,
      (tx) =>
        // A row that exists (the demo seed, an adjustment made before the event arrived) keeps its counts.
        tx.$executeRaw`
        INSERT INTO stock (sku, on_hand, reserved, updated_at) VALUES (${event.payload.sku}, 0, 0, now())
        ON CONFLICT (sku) DO NOTHING`,
    );
  }
}
