import { Module } from '@nestjs/common';
import { AuthModule } from '@bazaar/auth';
import { MessagingModule } from '@bazaar/messaging';
import { DatabaseReadiness, PersistenceModule } from '@bazaar/persistence';
import { PlatformModule } from '@bazaar/platform';
import { DatabaseModule } from './database/database.module';
import { NotificationsConfig } from './notifications.config';
import { NotificationsModule } from './notifications/notifications.module';

@Module({
  imports: [
    PlatformModule.forRoot({
      service: 'notifications',
      config: NotificationsConfig,
      readiness: { indicators: [DatabaseReadiness] },
    }),
    PersistenceModule.forService('notifications'),
    // Consumes identity's account events and orders' confirmed and cancelled ones; each effect once, through the inbox.
    MessagingModule.forService({ consumes: true }),
    // Verifies service tokens on every RPC when SERVICE_AUTH=required.
    AuthModule.forService(),
    DatabaseModule,
    NotificationsModule,
  ],
})
export class AppModule {}
