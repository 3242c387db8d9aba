import { Logger } from '@nestjs/common';
import { envPrefix } from '@bazaar/contracts';
import { ConfigError } from '@bazaar/platform';
import { Pool } from 'pg';
import { EmbeddedPostgres } from './embedded/embedded-postgres';
import { migrateDatabase } from './migrations/migrator';
import { bazaarHome } from './paths';
import { loadPersistenceConfig } from './persistence.config';
import { watchPool } from './pool-metrics';

export type DatabaseProfile = 'external' | 'embedded';

export interface OpenDatabaseOptions {
  env?: NodeJS.ProcessEnv;
  poolMax?: number;
  log?: (message: string) => void;
}

/** A service's connection pool to its own database, shared by its Prisma client and its health check. */
export class DatabaseConnection {
  private readonly unwatch: () => void;

  constructor(
    readonly service: string,
    readonly url: string,
    readonly pool: Pool,
    /** `embedded` when this process set up the embedded PostgreSQL itself (a service started on its own). */
    readonly profile: DatabaseProfile,
    private readonly server?: EmbeddedPostgres,
  ) {
    // An idle connection the server closes (a restart, a failover, an administrator) is an event to log, not a
    // crash: the pool replaces it on the next checkout. Without a listener, Node would throw it.
    pool.on('error', (error: Error & { code?: string }) =>
      new Logger('Database').warn({
        msg: 'an idle connection was closed',
        code: error.code,
        detail: error.message,
      }),
    );
    this.unwatch = watchPool(pool, service);
  }

  async close(): Promise<void> {
    this.unwatch();
    await this.pool.end();
    await this.server?.stop();
  }
}

/** `BAZAAR_PG_PORT`, validated: a bad value stops start-up naming the variable. */
export function embeddedPort(env: NodeJS.ProcessEnv = process.env): number {
  return loadPersistenceConfig(env).BAZAAR_PG_PORT;
}

/** `<SERVICE>_DATABASE_URL` when set; a value that is not a PostgreSQL URL stops start-up naming the variable. */
export function configuredDatabaseUrl(
  service: string,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const variable = `${envPrefix(service)}_DATABASE_URL`;
  const url = env[variable];
  if (url === undefined || url === '') return undefined;
  if (!/^postgres(ql)?:\/\/\S+$/.test(url)) {
    // The value is not shown: a database URL may carry a password.
    throw new ConfigError([`${variable}: must be a postgresql:// URL`]);
  }
  return url;
}

/**
 * `<SERVICE>_DATABASE_URL` when set (production, or the launcher's embedded server). Otherwise the service was
 * started on its own in the embedded profile: attach to (or start) the embedded PostgreSQL, create the
 * service's database and apply its migrations, so `nest start <app>` works from a fresh clone.
 */
export async function openDatabase(
  service: string,
  options: OpenDatabaseOptions = {},
): Promise<DatabaseConnection> {
  const env = options.env ?? process.env;
  const max = options.poolMax ?? loadPersistenceConfig(env).DATABASE_POOL_MAX;
  const configured = configuredDatabaseUrl(service, env);
  if (configured) {
    return new DatabaseConnection(
      service,
      configured,
      new Pool({ connectionString: configured, max }),
      'external',
    );
  }
  const log = options.log ?? (() => undefined);
  const server = await EmbeddedPostgres.start({ home: bazaarHome(env), port: embeddedPort(env), log });
  try {
    await server.ensureDatabase(service);
    const url = server.url(service);
    const applied = await migrateDatabase(service, url);
    if (applied.length > 0) log(`applied migrations: ${applied.join(', ')}`);
    return new DatabaseConnection(service, url, new Pool({ connectionString: url, max }), 'embedded', server);
  } catch (error) {
    await server.stop();
    throw error;
  }
}
