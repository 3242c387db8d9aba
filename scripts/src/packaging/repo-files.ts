import fs from 'node:fs';
import path from 'node:path';

/** The repository root, from scripts/src/packaging. */
export const ROOT = path.resolve(__dirname, '..', '..', '..');

/** Every app of the monorepo: the folders of apps/. */
export function appNames(): string[] {
  return fs
    .readdirSync(path.join(ROOT, 'apps'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}
