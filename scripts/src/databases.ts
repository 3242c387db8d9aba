// Deep imports on purpose: the package indexes load Nest, Prisma and the gRPC contracts, which the launcher and
// the db tool do not need (the launcher's own footprint is one of its measured properties, see bench/README.md).
import { DATABASE_SERVICES, envPrefix } from '../../libs/contracts/src/services';
import {
  DEFAULT_EMBEDDED_PORT,
  EmbeddedPostgres,
} from '../../libs/persistence/src/embedded/embedded-postgres';
import { bazaarHome } from '../../libs/persistence/src/paths';
import { portFromEnv } from '../../libs/platform/src/rpc/port-from-env';

export interface ServiceDatabases {
  /** `<SERVICE>_DATABASE_URL` for every service that owns a database. */
  urls: Record<string, string>;
  /** Set when the embedded PostgreSQL serves them. */
  server?: EmbeddedPostgres;
}

/** Whether every database is named by URL (the production profile); none named means the embedded one. */
export function usesEmbeddedDatabases(env: NodeJS.ProcessEnv = process.env): boolean {
  const variables = DATABASE_SERVICES.map((service) => `${envPrefix(service)}_DATABASE_URL`);
  const given = variables.filter((name) => env[name]);
  if (given.length === variables.length) return false;
  if (given.length > 0) {
    const missing = variables.filter((name) => !env[name]);
    throw new Error(`Set every database URL or none (embedded profile). Missing: ${missing.join(', ')}`);
  }
  return true;
}

/** `BAZAAR_PG_PORT`, the embedded PostgreSQL's port. */
export function embeddedPostgresPort(env: NodeJS.ProcessEnv = process.env): number {
  return portFromEnv(env, 'BAZAAR_PG_PORT', DEFAULT_EMBEDDED_PORT);
}

/**
 * The production profile names every database by URL; the embedded profile (no URL set at all) starts the
 * embedded PostgreSQL and creates one database per service (and any `extra` ones). A partial set of URLs is a
 * configuration error.
 */
export async function resolveDatabases(
  log: (message: string) => void,
  extra: string[] = [],
): Promise<ServiceDatabases> {
  if (!usesEmbeddedDatabases()) {
    return {
      urls: Object.fromEntries(
        DATABASE_SERVICES.map((s) => [s, process.env[`${envPrefix(s)}_DATABASE_URL`] as string]),
      ),
    };
  }
  const server = await EmbeddedPostgres.start({ home: bazaarHome(), port: embeddedPostgresPort(), log });
  try {
    const databases = [...DATABASE_SERVICES, ...extra];
    await Promise.all(databases.map((database) => server.ensureDatabase(database)));
    return {
      urls: Object.fromEntries(databases.map((database) => [database, server.url(database)])),
      server,
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
