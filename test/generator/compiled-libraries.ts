import fs from 'node:fs';
import path from 'node:path';
import { RepositoryCopy } from './repository-copy';

/** Where `nest build` (tsc) writes an app and the libraries it imports: dist/apps/<app>/{apps,libs}/... */
const distOf = (app: string) => path.join('dist', 'apps', app);

/** Every file under a folder of the copy, relative to it (none when it does not exist). */
function filesUnder(copy: RepositoryCopy, dir: string): string[] {
  if (!fs.existsSync(copy.path(dir))) return [];
  return fs
    .readdirSync(copy.path(dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(copy.path(dir), path.join(entry.parentPath, entry.name)))
    .sort();
}

/**
 * What `nest build <app>` would write for an app whose own sources the generator left alone: the same output
 * as before, but for the library files the generator wrote or changed. tsc emits each file on its own (the
 * repository compiles with `isolatedModules`), so a library file compiles to the same bytes in every app: the
 * compiled library of a freshly built new app is the compiled library of every app. `built` are the new apps,
 * built for real; they must agree byte for byte, or this refuses. Returns the files it replaced in each app.
 */
export function updateCompiledLibraries(
  copy: RepositoryCopy,
  { built, apps, changed }: { built: readonly string[]; apps: readonly string[]; changed: readonly string[] },
): Record<string, string[]> {
  const [reference, ...others] = built;
  // libs/contracts/src/services.ts -> libs/contracts/src/services.js (and its .js.map)
  const compiled = changed
    .filter((file) => file.startsWith('libs/') && file.endsWith('.ts'))
    .flatMap((file) => [file.replace(/\.ts$/, '.js'), file.replace(/\.ts$/, '.js.map')]);
  for (const file of compiled) {
    const bytes = copy.read(path.join(distOf(reference), file));
    for (const app of others) {
      if (copy.read(path.join(distOf(app), file)) !== bytes) {
        throw new Error(`${file} compiles differently in ${reference} and ${app}: rebuild every app instead`);
      }
    }
  }
  const replaced: Record<string, string[]> = {};
  for (const app of apps) {
    const had = new Set(filesUnder(copy, distOf(app)));
    // A file its program held before (a changed one), or a new one the library's index now exports.
    const index = (file: string) =>
      path.join(path.dirname(file).split(path.sep).slice(0, 3).join('/'), 'index.js');
    replaced[app] = compiled.filter((file) => had.has(file) || had.has(index(file)));
    for (const file of replaced[app]) {
      const target = copy.path(distOf(app), file);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.copyFileSync(copy.path(distOf(reference), file), target);
    }
  }
  return replaced;
}
