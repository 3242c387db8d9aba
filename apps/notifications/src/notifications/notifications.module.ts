import { Module } from '@nestjs/common';
import { makeCounterProvider } from '@willsoto/nestjs-prometheus';
import { DELIVERY_ATTEMPTS, DeliveryWorker } from '../delivery/delivery-worker';
import { LogSender } from '../delivery/log-sender';
import { NOTIFICATION_SENDER } from '../delivery/notification-sender';
import { SmtpSender } from '../delivery/smtp-sender';
import { IdentityEventsController } from '../events/identity-events.controller';
import { NotificationsConfig } from '../notifications.config';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

@Module({
  controllers: [NotificationsController, IdentityEventsController],
  providers: [
    NotificationsService,
    DeliveryWorker,
    {
      provide: NOTIFICATION_SENDER,
      inject: [NotificationsConfig],
      useFactory: (config: NotificationsConfig) =>
        config.SMTP_URL
          ? new SmtpSender(config.SMTP_URL, config.MAIL_FROM, config.DELIVERY_TIMEOUT_MS)
          : new LogSender(),
    },
    makeCounterProvider({
      name: DELIVERY_ATTEMPTS,
      help: 'Notification delivery attempts by outcome (sent, retry, failed)',
      labelNames: ['outcome'],
    }),
  ],
})
export class NotificationsModule {}
