import { Client } from 'pg';
import { DatabaseConnection, EmbeddedPostgres, bazaarHome, embeddedPort } from '@bazaar/persistence';
import { MessagingConfig } from '../messaging.config';

/** The database pg-boss keeps its queues in, on the embedded server when nothing else is configured. */
export const BUS_DATABASE = 'bus';

export interface BusDatabase {
  url: string;
  /** The embedded server when this process had to start it (stopped with the bus). */
  server?: EmbeddedPostgres;
}

/**
 * `BUS_DATABASE_URL` when set. Otherwise the embedded profile: the `bus` database on the same embedded server as
 * the service's own database (or on the embedded server of `.bazaar/` for a service without one, the gateway).
 * A service with an external database must name the bus database: guessing one on a production server is wrong.
 */
export async function resolveBusDatabase(
  config: MessagingConfig,
  connection: DatabaseConnection | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<BusDatabase> {
  if (config.BUS_DATABASE_URL) return { url: config.BUS_DATABASE_URL };
  if (connection) {
    if (connection.profile !== 'embedded') {
      throw new Error('BUS_DATABASE_URL is required with EVENT_BUS=postgres and an external database');
    }
    const url = new URL(connection.url);
    url.pathname = `/${BUS_DATABASE}`;
    await ensureDatabase(connection.url, BUS_DATABASE);
    return { url: url.toString() };
  }
  const server = await EmbeddedPostgres.start({ home: bazaarHome(env), port: embeddedPort(env) });
  await server.ensureDatabase(BUS_DATABASE);
  return { url: server.url(BUS_DATABASE), server: server.owned ? server : undefined };
}

async function ensureDatabase(anyDatabaseUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: anyDatabaseUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) {
      await client.query(`CREATE DATABASE "${database}"`).catch((error: { code?: string }) => {
        // Another service created it at the same moment.
        if (error.code !== '42P04' && error.code !== '23505') throw error;
      });
    }
  } finally {
    await client.end();
  }
}
