import { Module } from '@nestjs/common';
import { makeCounterProvider } from '@willsoto/nestjs-prometheus';
import { NotificationsConfig } from '../notifications.config';
import { DeliveryRepository } from './delivery.repository';
import { DELIVERY_ATTEMPTS, DeliveryWorker } from './delivery-worker';
import { LogSender } from './log-sender';
import { NOTIFICATION_SENDER } from './notification-sender';
import { SmtpSender } from './smtp-sender';

/** Sends stored messages through SMTP (with SMTP_URL) or to the log, with retries. */
@Module({
  providers: [
    DeliveryWorker,
    DeliveryRepository,
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
  exports: [DeliveryWorker],
})
export class DeliveryModule {}
