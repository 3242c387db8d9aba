import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** How a suite is declared: `suite('name', () => { ... })`. */
export type SuiteDeclaration = (name: string, body: () => void) => void;

/**
 * `describe` when the suite can run here. Otherwise, on a developer's machine, `describe.skip` after one line
 * naming the suite and `reason`; in CI (`CI=true`) the suite fails instead, with that line: a CI run must never
 * pass by testing less (`.ci/requirements` checks the same things before the run starts). `base` is the
 * `describe` to declare with (a set-up file that replaces the global one passes the original).
 */
export function describeIf(
  canRun: boolean,
  reason: string,
  base: jest.Describe = describe,
): SuiteDeclaration {
  if (canRun) return base;
  if (process.env.CI === 'true') {
    return (name) =>
      base(name, () => {
        it('has what it needs to run', () => {
          throw new Error(`${name} cannot run: ${reason} (CI=true, where a suite never skips)`);
        });
      });
  }
  return (name, body) => {
    console.warn(`${name}: skipped, ${reason}`);
    base.skip(name, body);
  };
}

/** What a suite needs, and the one line that says what is missing when it is. */
export interface Requirement {
  ok: boolean;
  missing: string;
}

/**
 * A server named by the URL in `variable` (`TEST_RABBITMQ_URL`, `REDIS_URL`) that accepts connections. Probed
 * synchronously, in a child process, because Jest declares suites synchronously.
 */
export function serverNamedBy(variable: string, defaultPort: number): Requirement {
  const url = process.env[variable];
  if (!url) return { ok: false, missing: `${variable} is not set` };
  const { hostname, port } = new URL(url);
  const target = { host: hostname, port: Number(port) || defaultPort };
  const probe = `const s = require('node:net').connect(${JSON.stringify(target)});
    s.setTimeout(2000, () => process.exit(1)).on('connect', () => process.exit(0)).on('error', () => process.exit(1));`;
  const answered = spawnSync(process.execPath, ['-e', probe], { timeout: 5_000 }).status === 0;
  return answered
    ? { ok: true, missing: '' }
    : { ok: false, missing: `nothing answers at ${target.host}:${target.port} (${variable})` };
}

const CHROMIUM_NAMES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

/** Chromium: `CHROMIUM_PATH`, else the first of the usual names on PATH, wherever the package put it. */
export function findChromium(): Requirement & { path?: string } {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    return isExecutable(configured)
      ? { ok: true, missing: '', path: configured }
      : { ok: false, missing: `CHROMIUM_PATH=${configured} is not an executable` };
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of CHROMIUM_NAMES) {
      const candidate = path.join(dir, name);
      if (isExecutable(candidate)) return { ok: true, missing: '', path: candidate };
    }
  }
  return {
    ok: false,
    missing: `no ${CHROMIUM_NAMES.join(', ')} on PATH (apt-get install -y chromium, or set CHROMIUM_PATH)`,
  };
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
