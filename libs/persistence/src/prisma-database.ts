import { Injectable, OnModuleDestroy, Type } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { DatabaseConnection } from './database-connection';

/** The slice of a generated Prisma client class this base needs: built on a driver adapter, disconnectable. */
interface PrismaClientLike {
  $disconnect(): Promise<void>;
}
type PrismaClientClass<T extends PrismaClientLike> = new (options: { adapter: PrismaPg }) => T;

/**
 * A service's Prisma client as a Nest provider, over the service's one connection pool (shared with its raw SQL
 * and its readiness check), disconnected when the module is destroyed. Each app names its own:
 * `@Injectable() export class CatalogDatabase extends PrismaDatabase(PrismaClient) {}`.
 */
export function PrismaDatabase<T extends PrismaClientLike>(
  Client: PrismaClientClass<T>,
): Type<T & OnModuleDestroy> {
  // TypeScript cannot extend a constructor whose instance type is a type parameter: extend its erased shape.
  const Base = Client as unknown as new (options: { adapter: PrismaPg }) => PrismaClientLike;

  @Injectable()
  class Database extends Base implements OnModuleDestroy {
    constructor(connection: DatabaseConnection) {
      super({ adapter: new PrismaPg(connection.pool) });
    }

    async onModuleDestroy(): Promise<void> {
      await this.$disconnect();
    }
  }
  return Database as unknown as Type<T & OnModuleDestroy>;
}
