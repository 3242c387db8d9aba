import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EmbeddedPostgres } from '../../libs/persistence/src/embedded/embedded-postgres';
import { freePort } from './free-port';

/**
 * One PostgreSQL for the whole integration run: the server `TEST_DATABASE_URL` names, or else an embedded
 * PostgreSQL in a temporary folder. Each test file then creates its own database on it.
 */
export default async function setup(): Promise<void> {
  if (process.env.TEST_DATABASE_URL) {
    process.env.BAZAAR_TEST_ADMIN_URL = process.env.TEST_DATABASE_URL;
    console.log(`\nintegration: databases on the server TEST_DATABASE_URL names`);
    return;
  }
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'bazaar-it-'));
  fs.chmodSync(home, 0o755);
  const server = await EmbeddedPostgres.start({ home, port: await freePort() });
  process.env.BAZAAR_TEST_ADMIN_URL = server.url('postgres');
  (globalThis as { bazaarTestPostgres?: { server: EmbeddedPostgres; home: string } }).bazaarTestPostgres = {
    server,
    home,
  };
  console.log(`\nintegration: databases on an embedded PostgreSQL (port ${server.port})`);
}
