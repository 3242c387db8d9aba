'use strict';

// `npm start`, timed: a cold start (fresh home: initdb, migrations, seeds), then a warm one (the same home, data
// present), against a baseline started the same way in the same round: as many bare Node HTTP servers as the
// platform has services, started together and polled until each answers /health/ready. Prints each round, the
// ranges, the ratio warm / baseline, the launcher's own phases and its RSS. See bench/README.md.

const { spawn } = require('node:child_process');
const { clearInterval, clearTimeout, setInterval } = require('node:timers');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');
const { option } = require('./lib/options');
const { progress, runBench, session, stopChild } = require('./lib/children');
const { cpuSeconds, freePort, rssMb } = require('./lib/processes');

const ROOT = path.resolve(__dirname, '..');
const CONTRACTS = path.join(ROOT, 'dist', 'scripts', 'libs', 'contracts', 'src', 'services.js');
const READY_TIMEOUT_MS = 180_000;
const TARGET_WARM_S = 5;
const TARGET_LAUNCHER_RSS_MB = 80;
/** `npm start` without npm: package.json's start script, its Node flags included (the launcher's RSS depends on them). */
const NPM_START_ARGS = require(path.join(ROOT, 'package.json')).scripts.start.split(' ').slice(1);
/** How long after "ready" the launcher's RSS keeps being sampled (services still log their first lines). */
const SETTLE_MS = 3_000;

async function isolatedEnv(home) {
  const { SERVICES, envPrefix } = require(CONTRACTS);
  const env = {
    ...process.env,
    BAZAAR_HOME: home,
    BAZAAR_PG_PORT: String(await freePort()),
    BAZAAR_LOG_FORMAT: 'json',
    NO_COLOR: '1',
    // Always print the phases, whatever the time.
    BAZAAR_STARTUP_TARGET_MS: '0',
  };
  for (const [name, entry] of Object.entries(SERVICES)) {
    env[`${envPrefix(name)}_HTTP_PORT`] = String(await freePort());
    if (entry.rpcPort) env[`${envPrefix(name)}_RPC_PORT`] = String(await freePort());
    delete env[`${envPrefix(name)}_DATABASE_URL`];
  }
  for (const name of ['BUS_DATABASE_URL', 'RABBITMQ_URL', 'EVENT_BUS', 'REDIS_URL']) delete env[name];
  return { env, services: Object.keys(SERVICES) };
}

/** `npm start` (scripts/run.js start) until every service is ready; then Ctrl-C and wait for its end. */
async function timedStart(env) {
  const t0 = process.hrtime.bigint();
  const launcher = spawn(process.execPath, NPM_START_ARGS, {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const entry = {
    name: 'platform',
    stop: () => stopChild(launcher, 'SIGINT', 60_000),
    kill: () => launcher.kill('SIGKILL'),
  };
  session.running.add(entry);
  const output = [];
  const pids = {};
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(launcher.pid) || 0)), 100);
  try {
    const seconds = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not ready:\n${output.join('\n')}`)), READY_TIMEOUT_MS);
      for (const stream of [launcher.stdout, launcher.stderr]) {
        readline.createInterface({ input: stream }).on('line', (line) => {
          output.push(line);
          const started = /bazaar \| ([\w-]+) started \(pid (\d+)\)/.exec(line);
          if (started) pids[started[1]] = Number(started[2]);
          if (/bazaar \| all \d+ services ready/.test(line)) {
            clearTimeout(timer);
            resolve(Number(process.hrtime.bigint() - t0) / 1e9);
          }
        });
      }
      launcher.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the launcher exited (${code}) before ready:\n${output.join('\n')}`));
      });
    });
    const serviceCpu = Object.values(pids).reduce((sum, pid) => sum + cpuSeconds(pid), 0);
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const settledRss = rssMb(launcher.pid);
    const phases = output
      .find((line) => line.includes('start-up took longer than'))
      ?.split(': ')
      .slice(1)
      .join(': ');
    return { seconds, serviceCpu, peakRss, settledRss, phases };
  } finally {
    clearInterval(sampler);
    await entry.stop();
    session.running.delete(entry);
  }
}

const BARE_SERVER = `
const http = require('node:http');
http.createServer((req, res) => res.end('{"status":"ok"}')).listen(Number(process.argv[1]), '127.0.0.1');
`;

/** The floor on this machine right now: `count` bare Node HTTP servers, started together, polled until ready. */
async function timedBaseline(count) {
  const ports = [];
  for (let i = 0; i < count; i++) ports.push(await freePort());
  const t0 = process.hrtime.bigint();
  const children = ports.map((port) =>
    spawn(process.execPath, ['-e', BARE_SERVER, String(port)], { stdio: 'ignore' }),
  );
  try {
    await Promise.all(ports.map((port) => untilReady(port)));
    return Number(process.hrtime.bigint() - t0) / 1e9;
  } finally {
    await Promise.all(children.map((child) => stopChild(child, 'SIGTERM', 5_000)));
  }
}

async function untilReady(port) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const ok = await new Promise((resolve) => {
      const request = http.get(`http://127.0.0.1:${port}/health/ready`, (response) => {
        response.resume();
        resolve(response.statusCode === 200);
      });
      request.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`bare server on ${port} not ready`);
}

const range = (values) =>
  values.length ? `${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)}` : 'n/a';
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  const rounds = Math.round(option('startup', 'rounds', 3));
  const [load1] = os.loadavg();
  console.log(`bench/startup: ${rounds} rounds on Node ${process.version}, ${os.cpus().length} cores`);
  console.log(`load average at start: ${load1.toFixed(2)} (other work on the machine slows every row alike)`);
  const rows = { cold: [], warm: [], baseline: [] };
  for (let round = 1; round <= rounds; round++) {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'bazaar-bench-startup-'));
    fs.chmodSync(home, 0o755);
    try {
      const { env, services } = await isolatedEnv(home);
      progress(`round ${round}: cold start`);
      const cold = await timedStart(env);
      progress(`round ${round}: warm start`);
      const warm = await timedStart(env);
      progress(`round ${round}: baseline (${services.length} bare Node servers)`);
      const baseline = await timedBaseline(services.length);
      rows.cold.push(cold);
      rows.warm.push(warm);
      rows.baseline.push(baseline);
      console.log(
        `round ${round}: cold ${cold.seconds.toFixed(2)} s, warm ${warm.seconds.toFixed(2)} s ` +
          `(services' CPU ${warm.serviceCpu.toFixed(2)} s, launcher RSS peak ${warm.peakRss} MB, ` +
          `settled ${warm.settledRss} MB), baseline ${baseline.toFixed(2)} s; ` +
          `warm / baseline ${(warm.seconds / baseline).toFixed(1)}×`,
      );
      console.log(`  warm phases: ${warm.phases ?? '(not printed)'}`);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  }
  const warmSeconds = rows.warm.map((r) => r.seconds);
  const ratios = rows.warm.map((r, i) => r.seconds / rows.baseline[i]);
  const peaks = [...rows.cold, ...rows.warm].map((r) => r.peakRss);
  console.log('');
  console.log(`cold start (s)            ${range(rows.cold.map((r) => r.seconds))}`);
  console.log(`warm start (s)            ${range(warmSeconds)}  (target ≤ ${TARGET_WARM_S} s)`);
  console.log(`baseline (s)              ${range(rows.baseline)}`);
  console.log(`warm / baseline           ${range(ratios)}×`);
  console.log(
    `services' CPU, warm (s)   ${range(rows.warm.map((r) => r.serviceCpu))}  (÷ ${os.cpus().length} cores = a floor)`,
  );
  console.log(`launcher RSS peak (MB)    ${range(peaks)}  (target ≤ ${TARGET_LAUNCHER_RSS_MB} MB)`);
  console.log(`launcher RSS settled (MB) ${range([...rows.cold, ...rows.warm].map((r) => r.settledRss))}`);
  console.log(`median warm start: ${median(warmSeconds).toFixed(2)} s`);
}

runBench('startup', main);
