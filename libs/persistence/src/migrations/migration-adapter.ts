import { PrismaPg } from '@prisma/adapter-pg';
import { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { withCharColumns } from './char-column-patch';

export interface MigrationAdapter {
  factory: SqlMigrationAwareDriverAdapterFactory;
  close(): Promise<void>;
}

/**
 * The schema engine's connections: the target database, and a fresh shadow database on the same server each
 * time the engine asks for one (it replays the whole migrations folder there), dropped when released.
 */
export function createMigrationAdapter(databaseUrl: string): MigrationAdapter {
  const pool = quiet(new Pool({ connectionString: databaseUrl, max: 2 }));
  const target = new PrismaPg(pool);
  const shadowPools = new Set<Pool>();

  const connectToShadowDb = async () => {
    const name = `bazaar_shadow_${randomUUID().replace(/-/g, '')}`;
    await pool.query(`CREATE DATABASE "${name}"`);
    const url = new URL(databaseUrl);
    url.pathname = `/${name}`;
    const shadowPool = quiet(new Pool({ connectionString: url.toString(), max: 2 }));
    shadowPools.add(shadowPool);
    const adapter = await new PrismaPg(shadowPool).connect();
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      shadowPools.delete(shadowPool);
      await shadowPool.end();
      await pool.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    };
    return adapter;
  };

  return {
    factory: withCharColumns({
      provider: target.provider,
      adapterName: target.adapterName,
      connect: () => target.connect(),
      connectToShadowDb,
    }),
    close: async () => {
      await Promise.all([...shadowPools].map((p) => p.end()));
      await pool.end();
    },
  };
}

/**
 * An idle connection the server ends (the tool stopping the embedded PostgreSQL it started, a restart) is not a
 * failure of the migration: without a listener, pg would throw it from the pool as an unhandled 'error' event.
 */
function quiet(pool: Pool): Pool {
  pool.on('error', () => undefined);
  return pool;
}
