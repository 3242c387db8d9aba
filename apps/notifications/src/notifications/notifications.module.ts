import { Module } from '@nestjs/common';
import { DeliveryModule } from '../delivery/delivery.module';
import { IdentityEventsController } from './identity-events.controller';
import { NotificationsController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';
import { OrdersEventsController } from './orders-events.controller';

@Module({
  imports: [DeliveryModule],
  controllers: [NotificationsController, IdentityEventsController, OrdersEventsController],
  providers: [NotificationsService, NotificationsRepository],
})
export class NotificationsModule {}
