import path from 'node:path';
import { generateKeyFile, readKeyFiles } from '@bazaar/auth';
import { bazaarHome } from '@bazaar/persistence';
import { loadToolsConfig } from './tools.config';

const USAGE = `usage:
  keys rotate    add a new signing key; identity signs with it within JWT_KEYS_RELOAD_MS (default 30 s)
  keys list      the keys in the folder, oldest first

The folder is JWT_KEYS_DIR, else <BAZAAR_HOME>/keys (.bazaar/keys).`;

/** Key rotation for operators: old keys stay in the folder (and in the JWKS) until their tokens expired. */
export async function keysCommand(args: string[]): Promise<number> {
  const dir = loadToolsConfig().JWT_KEYS_DIR ?? path.join(bazaarHome(), 'keys');
  switch (args[0]) {
    case 'rotate': {
      const kid = generateKeyFile(dir);
      console.log(`[keys] new signing key ${kid} in ${dir}`);
      console.log(
        '[keys] older keys stay published until their tokens expire; delete their files after that.',
      );
      return 0;
    }
    case 'list': {
      const keys = readKeyFiles(dir);
      if (keys.length === 0) console.log(`[keys] no keys in ${dir}`);
      keys.forEach((key, index) =>
        console.log(
          `${key.kid}  created ${key.createdAt.toISOString()}${index === keys.length - 1 ? '  (signing)' : ''}`,
        ),
      );
      return 0;
    }
    default:
      console.error(USAGE);
      return 2;
  }
}
