import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { DATABASE_SERVICES, envPrefix, SERVICES } from '@bazaar/contracts';
import {
  newClientSecret,
  productionSettings,
  RPC_CLIENTS,
} from '../../scripts/src/launcher/production-profile';
import { eventually } from './eventually';
import { freePort } from './free-port';
import { provisionProductionServers, ProductionServers } from './production-servers';

const ROOT = path.resolve(__dirname, '..', '..');
const launcherIn = (root: string) => path.join(root, 'dist', 'scripts', 'scripts', 'src', 'cli.js');
const READY_TIMEOUT_MS = 90_000;

/** The administrator every e2e platform is started with. */
export const E2E_ADMIN = { email: 'admin@e2e.test', password: 'e2e admin passphrase' } as const;

/** `embedded` (the launcher's own PostgreSQL and bus) or `production` (the machine's servers, service tokens). */
export type PlatformProfile = 'embedded' | 'production';

/** The profile a suite's platform runs: `E2E_PROFILE=production` (the e2e-production project sets it), else embedded. */
export function e2eProfile(): PlatformProfile {
  return process.env.E2E_PROFILE === 'production' ? 'production' : 'embedded';
}

export interface RunningPlatform {
  profile: PlatformProfile;
  gatewayUrl: string;
  /** Its BAZAAR_HOME: embedded data and the generated signing keys (`keys/`). */
  home: string;
  /**
   * What every service was started with: in the production profile also each `<SERVICE>_DATABASE_URL`, and each
   * RPC client's `<SERVICE>_CLIENT_SECRET` (which `startApp` hands to that service).
   */
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
 *
 * `profile: 'production'` (by default when `E2E_PROFILE=production`) runs `--profile production` on the machine's
 * PostgreSQL, RabbitMQ and Redis instead, each platform with databases, a vhost and key prefixes of its own,
 * dropped when it stops (production-servers.ts). The test gives the client secrets (so `startApp` can restart a
 * caller with its own), unless `clientSecrets: 'generated'` leaves them to the launcher.
 */
export async function startPlatform(
  extraEnv: NodeJS.ProcessEnv = {},
  {
    root = ROOT,
    args = [],
    profile = e2eProfile(),
    clientSecrets = 'given',
  }: {
    root?: string;
    args?: string[];
    profile?: PlatformProfile;
    clientSecrets?: 'given' | 'generated';
  } = {},
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
  // No database URL, whatever the shell has: the embedded profile's, or the production profile's own.
  for (const service of DATABASE_SERVICES) delete env[`${envPrefix(service)}_DATABASE_URL`];
  let servers: ProductionServers | undefined;
  if (profile === 'production') {
    servers = await provisionProductionServers();
    for (const name of ['BUS_DATABASE_URL', 'EVENT_BUS', 'SERVICE_AUTH', 'SERVICE_CLIENT_SECRET'])
      delete env[name];
    // What the embedded profile implies and an operator would choose: a first key and the demo data.
    Object.assign(
      env,
      { JWT_GENERATE_KEYS: 'true', CATALOG_SEED: 'true', INVENTORY_SEED: 'true' },
      servers.env,
    );
    for (const service of RPC_CLIENTS) {
      const variable = `${envPrefix(service)}_CLIENT_SECRET`;
      if (clientSecrets === 'given') env[variable] = newClientSecret();
      else delete env[variable];
    }
    args = ['--profile', 'production', ...args];
  } else {
    // The embedded profile's bus (PostgreSQL), unless a test chose one.
    for (const name of ['BUS_DATABASE_URL', 'RABBITMQ_URL', 'EVENT_BUS'])
      if (!extraEnv[name]) delete env[name];
    // Shared rate-limit counters only where a test asks for them, under a prefix of this platform's own.
    if (!extraEnv.REDIS_URL) delete env.REDIS_URL;
    env.RATE_LIMIT_KEY_PREFIX = `bazaar:${path.basename(home)}`;
  }
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

  // Once, however often it is called: the servers' share is given back once.
  let stopped: Promise<number | null> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      if (child.exitCode === null) child.kill('SIGINT');
      const code = await exited;
      fs.rmSync(home, { recursive: true, force: true });
      await servers?.release();
      return code;
    })());
  try {
    await ready;
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    profile,
    gatewayUrl: `http://127.0.0.1:${env.GATEWAY_HTTP_PORT}`,
    home,
    // The database URLs and identity's clients as the launcher gave them, for a service a test starts itself.
    env:
      profile === 'production' && clientSecrets === 'given'
        ? { ...env, ...productionSettings(env).shared }
        : env,
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
  return spawn(process.execPath, [entryOf(app)], { cwd: ROOT, env: serviceEnv(app, env), stdio: 'ignore' });
}

/**
 * A platform's environment as one service gets it: with service tokens required, its own client secret
 * (`<SERVICE>_CLIENT_SECRET`), as the launcher hands it over.
 */
function serviceEnv(app: string, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const secret = env[`${envPrefix(app)}_CLIENT_SECRET`];
  if (env.SERVICE_AUTH !== 'required' || !secret) return env;
  return { ...env, SERVICE_CLIENT_ID: app, SERVICE_CLIENT_SECRET: secret };
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
    env: serviceEnv(app, env),
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
