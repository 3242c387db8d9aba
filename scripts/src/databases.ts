import { DATABASE_SERVICES, envPrefix } from '@bazaar/contracts';
import { bazaarHome, EmbeddedPostgres, embeddedPort } from '@bazaar/persistence';

export interface ServiceDatabases {
  /** `<SERVICE>_DATABASE_URL` for every service that owns a database. */
  urls: Record<string, string>;
  /** Set when the embedded PostgreSQL serves them. */
  server?: EmbeddedPostgres;
}

/**
 * The production profile names every database by URL; the embedded profile (no URL set at all) starts the
 * embedded PostgreSQL and creates one database per service. A partial set of URLs is a configuration error.
 */
export async function resolveDatabases(log: (message: string) => void): Promise<ServiceDatabases> {
  const variables = DATABASE_SERVICES.map((service) => `${envPrefix(service)}_DATABASE_URL`);
  const given = variables.filter((name) => process.env[name]);
  if (given.length === variables.length) {
    return {
      urls: Object.fromEntries(DATABASE_SERVICES.map((s, i) => [s, process.env[variables[i]] as string])),
    };
  }
  if (given.length > 0) {
    const missing = variables.filter((name) => !process.env[name]);
    throw new Error(`Set every database URL or none (embedded profile). Missing: ${missing.join(', ')}`);
  }
  const server = await EmbeddedPostgres.start({ home: bazaarHome(), port: embeddedPort(), log });
  const urls: Record<string, string> = {};
  for (const service of DATABASE_SERVICES) {
    await server.ensureDatabase(service);
    urls[service] = server.url(service);
  }
  return { urls, server };
}
