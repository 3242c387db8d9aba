'use strict';

const { fork, spawn } = require('node:child_process');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');
const { clearTimeout } = require('node:timers');
const { progress, session, stopChild } = require('./children');
const { descendants, freePort } = require('./processes');

const ROOT = path.resolve(__dirname, '..', '..');
const LAUNCHER = path.join(ROOT, 'dist', 'scripts', 'scripts', 'src', 'cli.js');
const READY_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 60_000;
/** The Node flags `npm start` gives the launcher (package.json's start script), so its RSS is the one users see. */
const LAUNCHER_NODE_FLAGS = require(path.join(ROOT, 'package.json'))
  .scripts.start.split(' ')
  .filter((word) => word.startsWith('--'));
/** The compiled service table (libs/contracts/src/services.ts): which services run, on which ports. */
const CONTRACTS = path.join(ROOT, 'dist', 'scripts', 'libs', 'contracts', 'src', 'services.js');

/** Every service's HTTP (and RPC) port on a free port, so the bench never collides with a running platform. */
async function isolatedPorts() {
  const { SERVICES, envPrefix } = require(CONTRACTS);
  const env = {};
  for (const [name, entry] of Object.entries(SERVICES)) {
    env[`${envPrefix(name)}_HTTP_PORT`] = String(await freePort());
    if (entry.rpcPort) env[`${envPrefix(name)}_RPC_PORT`] = String(await freePort());
  }
  const databaseUrls = Object.keys(SERVICES).map((name) => `${envPrefix(name)}_DATABASE_URL`);
  return { env, services: Object.keys(SERVICES), databaseUrls };
}

/**
 * The platform as `npm start` runs it, in a throwaway home on free ports, with access logs off. `extraEnv` adds
 * variables (e.g. the first administrator). `options.home` starts it on the home of an earlier run (its data
 * already there, a warm start), which stopping then keeps; `options.node` is the Node binary to run it on (the
 * launcher starts every service with its own); `options.args` are the launcher's own (`['--scale', 'catalog=2']`).
 * Resolves once every service is ready.
 */
async function startPlatform(extraEnv = {}, options = {}) {
  if (!fs.existsSync(LAUNCHER)) {
    throw new Error(`${LAUNCHER} is missing: run \`node scripts/run.js build\` (npm run bench:<name> does)`);
  }
  const ownHome = options.home === undefined;
  const home = options.home ?? fs.mkdtempSync(path.join(os.tmpdir(), 'bazaar-bench-'));
  fs.chmodSync(home, 0o755);
  const removeHome = () => {
    if (ownHome) fs.rmSync(home, { recursive: true, force: true });
  };
  const ports = await isolatedPorts();
  const env = {
    ...process.env,
    BAZAAR_HOME: home,
    BAZAAR_PG_PORT: String(await freePort()),
    ...ports.env,
    BAZAAR_LOG_FORMAT: 'json',
    NO_COLOR: '1',
    // One access-log line per request would dominate the measurement.
    LOG_REQUESTS: 'false',
    LOG_LEVEL: 'warn',
    // The load comes from one address at thousands of requests a second: the per-address limit would answer
    // most of it with 429. The limiter still runs (its cost is measured); it just never trips.
    RATE_LIMIT_GLOBAL: '100000000',
    ...extraEnv,
  };
  // The embedded profile: no database URL, whatever the shell has.
  for (const name of ports.databaseUrls) delete env[name];
  delete env.REDIS_URL;
  for (const name of ['BUS_DATABASE_URL', 'RABBITMQ_URL', 'EVENT_BUS']) if (!extraEnv[name]) delete env[name];

  // Its own process group: a terminal Ctrl-C reaches only the bench, which sends the launcher exactly one
  // SIGINT (a second one would end the launcher before it stopped its services and PostgreSQL).
  const spawnedAt = Date.now();
  const launcher = spawn(
    options.node ?? process.execPath,
    [...LAUNCHER_NODE_FLAGS, LAUNCHER, 'launch', ...(options.args ?? [])],
    {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  const pids = {};
  /** Each service's start-up as the launcher timed it, in seconds. */
  const readyS = {};
  const output = [];
  // After "ready", with LOG_LEVEL=warn, every line a service prints is a warning or an error.
  const logged = { underLoad: [], whileStopping: 0 };
  let ready = false;
  let readyAt = 0;
  let stopRequested = false;
  const entry = {
    name: 'platform',
    stop: async () => {
      stopRequested = true;
      await stopChild(launcher, 'SIGINT', STOP_TIMEOUT_MS);
      removeHome();
    },
    kill: () => {
      for (const pid of [launcher.pid, ...Object.values(pids)]) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      removeHome();
    },
  };
  session.running.add(entry);

  await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(new Error(`platform not ready within ${READY_TIMEOUT_MS / 1000} s:\n${output.join('\n')}`)),
      READY_TIMEOUT_MS,
    );
    for (const stream of [launcher.stdout, launcher.stderr]) {
      readline.createInterface({ input: stream }).on('line', (line) => {
        if (!ready) {
          output.push(line);
          const started = /bazaar \| ([\w#-]+) started \(pid (\d+)\)/.exec(line);
          if (started) pids[started[1]] = Number(started[2]);
          const serviceReady = /bazaar \| ([\w#-]+) ready in ([\d.]+) s/.exec(line);
          if (serviceReady) readyS[serviceReady[1]] = Number(serviceReady[2]);
          if (/bazaar \| all \d+ services ready/.test(line)) {
            ready = true;
            readyAt = Date.now();
            clearTimeout(timer);
            resolve();
          }
        } else if (!/^bazaar \| /.test(line)) {
          if (stopRequested) logged.whileStopping++;
          else logged.underLoad.push(line);
        }
      });
    }
    launcher.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`launcher exited (${signal ?? code}) before ready:\n${output.join('\n')}`));
    });
  });
  for (const name of ports.services) {
    if (!pids[name])
      throw new Error(`no "${name} started (pid N)" line from the launcher:\n${output.join('\n')}`);
  }
  launcher.once('exit', (code, signal) => {
    if (!stopRequested) progress(`the launcher exited (${signal ?? code}) during the run`);
  });
  return {
    url: `http://127.0.0.1:${env.GATEWAY_HTTP_PORT}`,
    /** The URL of a service's own database on the embedded PostgreSQL, for baselines that read the same data. */
    databaseUrl: (service) => embeddedDatabaseUrl(home, env.BAZAAR_PG_PORT, service),
    env,
    home,
    /** From spawning the launcher to its "all services ready" line. */
    startMs: readyAt - spawnedAt,
    launcherPid: launcher.pid,
    readyS,
    pids,
    /** PostgreSQL: the launcher's descendants other than the services (the postmaster and its backends). */
    postgresPids: () => descendants(launcher.pid, Object.values(pids)),
    logged,
    entry,
  };
}

/**
 * The embedded PostgreSQL keeps its generated credentials beside its data (libs/persistence, embedded-postgres.ts):
 * under the platform's home, or, when the postgres user cannot reach that home, in a folder of the temp dir
 * named after it. Each service's database is named after the service.
 */
function embeddedDatabaseUrl(home, port, database) {
  const key = createHash('sha256').update(path.resolve(home)).digest('hex').slice(0, 12);
  const candidates = [
    path.join(home, 'postgres', 'credentials.json'),
    path.join(os.tmpdir(), `bazaar-postgres-data-${key}`, 'credentials.json'),
  ];
  const file = candidates.find((candidate) => fs.existsSync(candidate));
  if (!file) throw new Error(`no embedded PostgreSQL credentials in ${candidates.join(' or ')}`);
  const { user, password } = JSON.parse(fs.readFileSync(file, 'utf8'));
  return `postgresql://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

/**
 * A baseline server in its own process, from bench/baselines (or at an absolute path); resolves once it listens
 * (sends the bench a message). `options.execArgv`: its Node flags (by default the bench's own).
 */
async function startBaseline(file, env, options = {}) {
  const child = fork(path.isAbsolute(file) ? file : path.join(__dirname, '..', 'baselines', file), [], {
    env: { ...process.env, ...env },
    execArgv: options.execArgv ?? process.execArgv,
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    detached: true,
  });
  const entry = {
    name: file,
    stop: () => stopChild(child, 'SIGTERM', 5_000),
    kill: () => child.kill('SIGKILL'),
  };
  session.running.add(entry);
  await new Promise((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code, signal) =>
      reject(new Error(`${file} exited (${signal ?? code}) before listening`)),
    );
  });
  child.disconnect();
  return { pid: child.pid, entry };
}

module.exports = { startPlatform, startBaseline };
