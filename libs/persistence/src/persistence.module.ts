import { DynamicModule, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { ReadinessIndicator, ReadinessResult } from '@bazaar/health';
import { DatabaseConnection, openDatabase } from './database-connection';
import { loadPersistenceConfig, PersistenceConfig } from './persistence.config';

@Injectable()
export class DatabaseReadiness implements ReadinessIndicator {
  readonly name = 'database';

  constructor(@Inject(DatabaseConnection) private readonly connection: DatabaseConnection) {}

  async check(): Promise<ReadinessResult> {
    await this.connection.pool.query('SELECT 1');
    return { up: true };
  }
}

@Injectable()
class DatabaseCloser implements OnApplicationShutdown {
  constructor(@Inject(DatabaseConnection) private readonly connection: DatabaseConnection) {}

  // After every module is destroyed (Prisma disconnected, handlers drained), so nothing still needs the pool.
  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}

/** The service's own database: its connection pool, its readiness check, and closing both on shutdown. */
@Module({})
export class PersistenceModule {
  static forService(service: string): DynamicModule {
    const logger = new Logger('Database');
    return {
      module: PersistenceModule,
      global: true,
      providers: [
        { provide: PersistenceConfig, useFactory: () => loadPersistenceConfig() },
        {
          provide: DatabaseConnection,
          inject: [PersistenceConfig],
          useFactory: (config: PersistenceConfig) =>
            openDatabase(service, { poolMax: config.DATABASE_POOL_MAX, log: (m) => logger.log(m) }),
        },
        DatabaseReadiness,
        DatabaseCloser,
      ],
      exports: [DatabaseConnection, DatabaseReadiness, PersistenceConfig],
    };
  }
}
