import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { migrateDatabase } from '@bazaar/persistence';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh database with the service's real migrations applied, on the run's server (see the global set-up). */
export async function createTestDatabase(service: string): Promise<TestDatabase> {
  const adminUrl = process.env.BAZAAR_TEST_ADMIN_URL;
  if (!adminUrl)
    throw new Error('BAZAAR_TEST_ADMIN_URL is not set: run integration tests through jest projects');
  const name = `test_${service}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  await admin(adminUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await migrateDatabase(service, url.toString());
  return {
    url: url.toString(),
    drop: () => admin(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

/** A fresh empty database (no migrations): the PostgreSQL event bus of one test file, for pg-boss to set up. */
export async function createEmptyTestDatabase(purpose: string): Promise<TestDatabase> {
  const adminUrl = process.env.BAZAAR_TEST_ADMIN_URL;
  if (!adminUrl)
    throw new Error('BAZAAR_TEST_ADMIN_URL is not set: run integration tests through jest projects');
  const name = `test_${purpose}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  await admin(adminUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Runs one query on a test's database (to look behind a service's API, or to make it fail on purpose). */
export async function queryDatabase<T extends object>(
  url: string,
  sql: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}
