import { Global, Module } from '@nestjs/common';
import { NotificationsDatabase } from './notifications-database';

@Global()
@Module({ providers: [NotificationsDatabase], exports: [NotificationsDatabase] })
export class DatabaseModule {}
