import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { DATABASE_SERVICES, envPrefix, SERVICES } from '@bazaar/contracts';
import { eventually } from './eventually';
import { freePort } from './free-port';

const ROOT = path.resolve(__dirname, '..', '..');
const launcherIn = (root: string) => path.join(root, 'dist', 'scripts', 'scripts', 'src', 'cli.js');
const READY_TIMEOUT_MS = 90_000;

/** The administrator every e2e platform is started with. */
export const E2E_ADMIN = { email: 'admin@e2e.test', password: 'e2e admin passphrase' } as const;

export interface RunningPlatform {
  gatewayUrl: string;
  /** Its BAZAAR_HOME: embedded data and the generated signing keys (`keys/`). */
  home: string;
  env: NodeJS.ProcessEnv;
  /** The launcher's own pid. */
  launcherPid: number;
  /**
   * Each service's pid by name (an extra instance's by its label, `catalog#2`), and the embedded PostgreSQL's
   * (`postgres`) and its watchdog's (`watchdog`).
   */
  pids: Record<string, number>;
  output: string[];
  /** Ctrl-C, as a person would: resolves with the launcher's exit code. */
  stop(): Promise<number | null>;
}

/**
 * The whole platform as `npm start` runs it (the launcher, each service its own process, embedded PostgreSQL),
 * in a throwaway home folder on free ports so it never touches a developer's `.bazaar/` or running platform.
 * `root` is the checkout to run (this one by default; the generator's test runs a copy with more services, whose
 * ports it passes in `extraEnv`). `args` are the launcher's own (`['--scale', 'catalog=3']`).
 */
export async function startPlatform(
  extraEnv: NodeJS.ProcessEnv = {},
  { root = ROOT, args = [] }: { root?: string; args?: string[] } = {},
): Promise<RunningPlatform> {
  const launcher = launcherIn(root);
  if (!fs.existsSync(launcher))
    throw new Error(`${launcher} is missing: run \`npm run build\` (npm test does)`);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'bazaar-e2e-'));
  fs.chmodSync(home, 0o755);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    BAZAAR_HOME: home,
    BAZAAR_PG_PORT: String(await freePort()),
    ...(await isolatedPorts()),
    BAZAAR_ADMIN_EMAIL: E2E_ADMIN.email,
    BAZAAR_ADMIN_PASSWORD: E2E_ADMIN.password,
    // Every test registers and logs in from 127.0.0.1: only the per-account limit stays at its default.
    RATE_LIMIT_AUTH_PER_IP: '10000',
    RATE_LIMIT_GLOBAL: '100000',
    // A killed consumer's unfinished events come back within seconds rather than a minute.
    EVENT_HANDLER_TIMEOUT_S: '3',
    EVENT_MAINTENANCE_S: '1',
    BAZAAR_LOG_FORMAT: 'json',
    NO_COLOR: '1',
    LOG_LEVEL: 'info',
    ...extraEnv,
  };
  // The embedded profile: no database URL, whatever the shell has.
  for (const service of DATABASE_SERVICES) delete env[`${envPrefix(service)}_DATABASE_URL`];
  // The embedded profile's bus (PostgreSQL), unless a test chose one.
  for (const name of ['BUS_DATABASE_URL', 'RABBITMQ_URL', 'EVENT_BUS']) if (!extraEnv[name]) delete env[name];
  // Shared rate-limit counters only where a test asks for them, under a prefix of this platform's own.
  if (!extraEnv.REDIS_URL) delete env.REDIS_URL;
  env.RATE_LIMIT_KEY_PREFIX = `bazaar:${path.basename(home)}`;
  const child = spawn(process.execPath, [launcher, 'launch', ...args], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const pids: Record<string, number> = {};
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`platform not ready:\n${output.join('\n')}`)),
      READY_TIMEOUT_MS,
    );
    for (const stream of [child.stdout, child.stderr]) {
      readline.createInterface({ input: stream }).on('line', (line) => {
        output.push(line);
        const started = /bazaar \| ([\w#-]+) started \(pid (\d+)\)/.exec(line);
        if (started) pids[started[1]] = Number(started[2]);
        const postgres = /bazaar \| PostgreSQL .* \(pid (\d+), watchdog pid (\d+)\)/.exec(line);
        if (postgres) [pids.postgres, pids.watchdog] = [Number(postgres[1]), Number(postgres[2])];
        if (/bazaar \| all \d+ services ready/.test(line)) {
          clearTimeout(timer);
          resolve();
        }
      });
    }
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`launcher exited (${code}) before ready:\n${output.join('\n')}`));
    });
  });

  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGINT');
    const code = await exited;
    fs.rmSync(home, { recursive: true, force: true });
    return code;
  };
  try {
    await ready;
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    gatewayUrl: `http://127.0.0.1:${env.GATEWAY_HTTP_PORT}`,
    home,
    env,
    launcherPid: child.pid as number,
    pids,
    output,
    stop,
  };
}

/** Every service's HTTP (and RPC) port on a free port, from the service table. */
async function isolatedPorts(): Promise<Record<string, string>> {
  const ports: Record<string, string> = {};
  for (const [name, entry] of Object.entries(SERVICES) as Array<[string, { rpcPort?: number }]>) {
    ports[`${envPrefix(name)}_HTTP_PORT`] = String(await freePort());
    if (entry.rpcPort) ports[`${envPrefix(name)}_RPC_PORT`] = String(await freePort());
  }
  return ports;
}

/** Polls `check` until it returns true (a throw counts as false), or fails after `timeoutMs` naming `what`. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 15_000,
): Promise<void> {
  await eventually(() => check().catch(() => false), Boolean, timeoutMs, what);
}

export function entryOf(app: string): string {
  return path.join(ROOT, 'dist', 'apps', app, 'apps', app, 'src', 'main.js');
}

export function startApp(app: string, env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [entryOf(app)], { cwd: ROOT, env, stdio: 'ignore' });
}

/** A service process a test started itself, with its output lines (JSON logs) to wait on. */
export interface WatchedApp {
  child: ChildProcess;
  output: string[];
  /** Resolves once a line of its output matches, or fails after `timeoutMs` naming `what`. */
  line(what: string, match: (line: string) => boolean, timeoutMs?: number): Promise<void>;
  /** SIGTERM, or the signal given; resolves when it exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export function startWatchedApp(app: string, env: NodeJS.ProcessEnv): WatchedApp {
  const child = spawn(process.execPath, [entryOf(app)], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream }).on('line', (line) => output.push(line));
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output,
    line: (what, match, timeoutMs = 30_000) =>
      waitFor(what, () => Promise.resolve(output.some(match)), timeoutMs),
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** Whether a process still exists (signal 0 tests without sending anything). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
