import { Module } from '@nestjs/common';
import { AvailabilityService } from './availability.service';
import { InventoryController } from './inventory.controller';
import { InventoryService } from './inventory.service';

@Module({
  controllers: [InventoryController],
  providers: [InventoryService, AvailabilityService],
  exports: [AvailabilityService],
})
export class InventoryModule {}
