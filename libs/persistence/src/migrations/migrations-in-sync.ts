import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { prismaDir } from '../paths';

const UNDEFINED_TABLE = '42P01';

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished: boolean;
  rolled_back: boolean;
}

// Reads Prisma Migrate's own bookkeeping: docs/adr/0010-launcher.md
/**
 * Whether a service's database has exactly the migrations of `prisma/<service>/migrations`, each finished with
 * the checksum Prisma Migrate records (SHA-256 of its migration.sql), none failed, none unknown. One query and a
 * few hashes, where opening the WebAssembly schema engine costs about a second and 60 MiB: the launcher loads the
 * migrator only when this says no. Anything unusual (no table, a failed or edited migration) answers no, so the
 * migrator, which knows every case, decides.
 */
export async function migrationsInSync(service: string, databaseUrl: string): Promise<boolean> {
  const expected = localMigrations(service);
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<AppliedRow>(
      `SELECT migration_name, checksum, finished_at IS NOT NULL AS finished,
              rolled_back_at IS NOT NULL AS rolled_back
         FROM _prisma_migrations`,
    );
    const live = rows.filter((row) => !row.rolled_back);
    if (live.some((row) => !row.finished) || live.length !== expected.size) return false;
    return live.every((row) => expected.get(row.migration_name) === row.checksum);
  } catch (error) {
    if ((error as { code?: string }).code === UNDEFINED_TABLE) return false;
    throw error;
  } finally {
    await client.end();
  }
}

/** Each migration folder's name and the checksum Prisma records for it. */
function localMigrations(service: string): Map<string, string> {
  const dir = path.join(prismaDir(service), 'migrations');
  const migrations = new Map<string, string>();
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name, 'migration.sql');
    if (!entry.isDirectory() || !fs.existsSync(file)) continue;
    migrations.set(entry.name, createHash('sha256').update(fs.readFileSync(file)).digest('hex'));
  }
  return migrations;
}
