import { Module } from '@nestjs/common';
import { AvailabilityService } from './availability.service';
import { InventoryController } from './inventory.controller';

@Module({
  controllers: [InventoryController],
  providers: [AvailabilityService],
  exports: [AvailabilityService],
})
export class InventoryModule {}
