import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { DatabaseConnection } from '@bazaar/persistence';
import { PrismaClient } from '../generated/prisma/client';

/** The notifications service's Prisma client, over the service's shared connection pool. */
@Injectable()
export class NotificationsDatabase extends PrismaClient implements OnModuleDestroy {
  constructor(connection: DatabaseConnection) {
    super({ adapter: new PrismaPg(connection.pool) });
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}
