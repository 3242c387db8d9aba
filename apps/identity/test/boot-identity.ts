import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BootedService, bootService } from '../../../test/support/boot-service';
import { AppModule } from '../src/app.module';

export type BootedIdentity = BootedService;

/** Identity in-process on its TCP transport and a fresh database, with keys generated into a throwaway folder. */
export async function bootIdentity(env: Record<string, string> = {}): Promise<BootedIdentity> {
  const keysDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bazaar-identity-keys-'));
  const booted = await bootService('identity', AppModule, {
    JWT_KEYS_DIR: keysDir,
    JWT_GENERATE_KEYS: 'true',
    BAZAAR_ADMIN_GENERATE: 'false',
    ...env,
  });
  return {
    ...booted,
    close: async () => {
      await booted.close();
      fs.rmSync(keysDir, { recursive: true, force: true });
    },
  };
}
