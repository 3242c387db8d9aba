import { Module } from '@nestjs/common';
import { MeNotificationsController } from './me-notifications.controller';

@Module({ controllers: [MeNotificationsController] })
export class NotificationsModule {}
