import fs from 'node:fs';
import path from 'node:path';

/** The web app's build output: `npm run build:web` writes it to `dist/web` at the repository root. */
export const DEFAULT_WEB_ROOT = path.join('dist', 'web');

/** The file every page of the single-page app starts from. */
export const WEB_INDEX = 'index.html';

/**
 * The folder the gateway serves the web app from: `WEB_ROOT` when set, else `dist/web`, resolved from the
 * repository root (`BAZAAR_ROOT`, else the working directory) as the .proto files are.
 */
export function webRootOf(configured: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.BAZAAR_ROOT || process.cwd(), configured || DEFAULT_WEB_ROOT);
}

/** Whether the web app has been built into `root` (its index.html is there). */
export function isWebAppBuilt(root: string): boolean {
  return fs.existsSync(path.join(root, WEB_INDEX));
}
