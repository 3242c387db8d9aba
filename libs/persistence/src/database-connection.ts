import { Logger } from '@nestjs/common';
import { envPrefix } from '@bazaar/contracts';
import { Pool } from 'pg';
import { EmbeddedPostgres } from './embedded/embedded-postgres';
import { migrateDatabase } from './migrations/migrator';
import { bazaarHome } from './paths';

export const DEFAULT_EMBEDDED_PORT = 54329;

export type DatabaseProfile = 'external' | 'embedded';

export interface OpenDatabaseOptions {
  env?: NodeJS.ProcessEnv;
  poolMax?: number;
  log?: (message: string) => void;
}

/** A service's connection pool to its own database, shared by its Prisma client and its health check. */
export class DatabaseConnection {
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
  }

  async close(): Promise<void> {
    await this.pool.end();
    await this.server?.stop();
  }
}

export function embeddedPort(env: NodeJS.ProcessEnv = process.env): number {
  const port = Number(env.BAZAAR_PG_PORT);
  return Number.isInteger(port) && port > 0 ? port : DEFAULT_EMBEDDED_PORT;
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
  const max = options.poolMax ?? 10;
  const configured = env[`${envPrefix(service)}_DATABASE_URL`];
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
