import fs from 'node:fs';
import { EmbeddedPostgres } from '../../libs/persistence/src/embedded/embedded-postgres';

export default async function teardown(): Promise<void> {
  const state = (globalThis as { bazaarTestPostgres?: { server: EmbeddedPostgres; home: string } })
    .bazaarTestPostgres;
  if (!state) return;
  await state.server.stop();
  fs.rmSync(state.home, { recursive: true, force: true });
}
