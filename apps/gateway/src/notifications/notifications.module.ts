import { Module } from '@nestjs/common';
import { MeNotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

@Module({ controllers: [MeNotificationsController], providers: [NotificationsService] })
export class NotificationsModule {}
