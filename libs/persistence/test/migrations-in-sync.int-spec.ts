import { Client } from 'pg';
import { migrateDatabase } from '../src/migrations/migrator';
import { migrationsInSync } from '../src/migrations/migrations-in-sync';
import { createEmptyTestDatabase, TestDatabase } from '../../../test/support/test-database';

/**
 * The launcher's quick check reads Prisma Migrate's `_prisma_migrations` table and its checksums (SHA-256 of each
 * migration.sql) instead of opening the schema engine (docs/adr/0010-launcher.md). These cases fail if Prisma
 * changes that bookkeeping: after the real migrator applied the folder, the check must say "in sync", and any
 * difference must send the launcher to the migrator.
 */
describe('migrationsInSync, against what the migrator records', () => {
  let database: TestDatabase;
  let client: Client;

  beforeAll(async () => {
    database = await createEmptyTestDatabase('insync');
    client = new Client({ connectionString: database.url });
    await client.connect();
  });

  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  it('a database the migrator never touched is not in sync', async () => {
    await expect(migrationsInSync('catalog', database.url)).resolves.toBe(false);
  });

  it('is in sync once the migrator applied every migration, checksums included', async () => {
    expect((await migrateDatabase('catalog', database.url)).length).toBeGreaterThan(0);
    await expect(migrationsInSync('catalog', database.url)).resolves.toBe(true);
  });

  it('an edited migration (another checksum) is not in sync', async () => {
    const { rows } = await client.query<{ migration_name: string; checksum: string }>(
      'SELECT migration_name, checksum FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1',
    );
    await client.query('UPDATE _prisma_migrations SET checksum = $1 WHERE migration_name = $2', [
      'edited',
      rows[0].migration_name,
    ]);
    try {
      await expect(migrationsInSync('catalog', database.url)).resolves.toBe(false);
    } finally {
      await client.query('UPDATE _prisma_migrations SET checksum = $1 WHERE migration_name = $2', [
        rows[0].checksum,
        rows[0].migration_name,
      ]);
    }
    await expect(migrationsInSync('catalog', database.url)).resolves.toBe(true);
  });

  it('a migration not recorded (pending) is not in sync', async () => {
    const { rows } = await client.query<Record<string, unknown>>(
      'SELECT * FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1',
    );
    await client.query('DELETE FROM _prisma_migrations WHERE id = $1', [rows[0].id]);
    try {
      await expect(migrationsInSync('catalog', database.url)).resolves.toBe(false);
    } finally {
      await client.query(
        'INSERT INTO _prisma_migrations SELECT * FROM json_populate_record(NULL::_prisma_migrations, $1)',
        [JSON.stringify(rows[0])],
      );
    }
    await expect(migrationsInSync('catalog', database.url)).resolves.toBe(true);
  });

  it('a failed migration (started, never finished) is not in sync', async () => {
    await client.query(
      'UPDATE _prisma_migrations SET finished_at = NULL WHERE migration_name = (SELECT max(migration_name) FROM _prisma_migrations)',
    );
    await expect(migrationsInSync('catalog', database.url)).resolves.toBe(false);
  });
});
