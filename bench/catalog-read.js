#!/usr/bin/env node
// bench/catalog-read: GET /api/v1/products/:id through the real platform, against two baselines measured in the
// same run on the same machine with the same load:
//   (a) a bare Fastify server returning the same JSON bytes;
//   (b) the minimal hop: a bare Fastify server asking a bare Node TCP server for that JSON per request.
// Prints req/s, p50/p99 latency and RSS per server process, and the ratios gateway/(a) and gateway/(b).
// A measurement, not a test: exits 0 whatever the ratios, non-zero only when something failed.
//
// Usage: npm run bench:catalog-read [-- --duration 10 --warmup 3 --connections 50]
//        (or BENCH_DURATION, BENCH_WARMUP, BENCH_CONNECTIONS; `node bench/catalog-read.js` needs a build first)
'use strict';

const { execFileSync, fork, spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');
const { clearTimeout } = require('node:timers');
const autocannon = require('autocannon');

const ROOT = path.resolve(__dirname, '..');
const LAUNCHER = path.join(ROOT, 'dist', 'scripts', 'scripts', 'src', 'cli.js');
const READY_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 60_000;
const TARGET = 0.6;

// ---------------------------------------------------------------------------------------------------- options

function option(name, fallback) {
  const args = process.argv.slice(2);
  const index = args.indexOf(`--${name}`);
  const inline = args.find((a) => a.startsWith(`--${name}=`));
  const raw =
    index >= 0
      ? args[index + 1]
      : inline !== undefined
        ? inline.slice(name.length + 3)
        : (process.env[`BENCH_${name.toUpperCase()}`] ?? String(fallback));
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    console.error(`bench/catalog-read: --${name} must be a positive number (got ${JSON.stringify(raw)})`);
    process.exit(2);
  }
  return value;
}

const DURATION_S = option('duration', 10);
const WARMUP_S = option('warmup', 3);
const CONNECTIONS = Math.round(option('connections', 50));

// ------------------------------------------------------------------------------------- children and clean-up

/** Everything this run started and must stop: { name, stop(), kill() } in start order. */
const running = new Set();
let currentLoad;
let interrupted = false;

function progress(message) {
  process.stderr.write(`bench | ${message}\n`);
}

function exited(child) {
  return child.exitCode !== null || child.signalCode !== null;
}

const stopping = new WeakMap();

/**
 * Sends `signal` once, waits for exit; SIGKILL after `timeoutMs`. Idempotent: a clean-up racing a normal stop
 * must not send the launcher a second SIGINT (that one would end it before it stopped its services).
 */
function stopChild(child, signal, timeoutMs) {
  if (!stopping.has(child)) stopping.set(child, sendAndWait(child, signal, timeoutMs));
  return stopping.get(child);
}

function sendAndWait(child, signal, timeoutMs) {
  if (exited(child)) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

async function cleanUp() {
  currentLoad?.stop();
  for (const entry of [...running].reverse()) {
    await entry.stop();
    running.delete(entry);
  }
}

function onSignal(signal) {
  if (interrupted) {
    // Second Ctrl-C: no more waiting.
    for (const entry of running) entry.kill();
    process.exit(130);
  }
  interrupted = true;
  progress(`${signal}: stopping the servers (Ctrl-C again to kill them)...`);
  void cleanUp().finally(() => process.exit(130));
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

// ------------------------------------------------------------------------------------------------- helpers

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** VmRSS of a process in MB, from /proc. */
function rssMb(pid) {
  try {
    const line = fs
      .readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:'));
    return Math.round(Number(/\d+/.exec(line)[0]) / 1024);
  } catch {
    return NaN;
  }
}

const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100;
  } catch {
    return 100;
  }
})();

/** { ppid, ticks }: parent and user + system CPU time (clock ticks) of a process, from /proc/<pid>/stat. */
function procStat(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined;
  }
}

/** Every live descendant of `root`, not descending into `except`. */
function descendants(root, except = []) {
  const children = new Map();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = procStat(name);
    if (stat) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), Number(name)]);
  }
  const found = [];
  const visit = (pid) => {
    for (const child of children.get(pid) ?? []) {
      if (except.includes(child)) continue;
      found.push(child);
      visit(child);
    }
  };
  visit(root);
  return found;
}

/** CPU time of named groups of processes: { name: [pid...] } -> { name: ticks }. */
function cpuTicks(groups) {
  const ticks = {};
  for (const [name, pids] of Object.entries(groups)) {
    ticks[name] = pids.reduce((sum, pid) => sum + (procStat(pid)?.ticks ?? 0), 0);
  }
  return ticks;
}

/** One GET as autocannon sends it (no Accept-Encoding): status, headers and the exact body bytes. */
function get(url) {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent: false }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks) }),
      );
      response.on('error', reject);
    });
    request.setTimeout(10_000, () => request.destroy(new Error(`GET ${url}: no answer within 10 s`)));
    request.on('error', reject);
  });
}

async function getOk(url) {
  const response = await get(url);
  if (response.status !== 200) {
    throw new Error(
      `GET ${url} answered ${response.status}: ${response.body.toString('utf8').slice(0, 500)}`,
    );
  }
  return response;
}

// ------------------------------------------------------------------------------------------------- servers

/** The platform as `npm start` runs it, in a throwaway home on free ports, with access logs off. */
async function startPlatform() {
  if (!fs.existsSync(LAUNCHER)) {
    throw new Error(
      `${LAUNCHER} is missing: run \`node scripts/run.js build\` (npm run bench:catalog-read does)`,
    );
  }
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'bazaar-bench-'));
  fs.chmodSync(home, 0o755);
  const env = {
    ...process.env,
    BAZAAR_HOME: home,
    BAZAAR_PG_PORT: String(await freePort()),
    GATEWAY_HTTP_PORT: String(await freePort()),
    CATALOG_HTTP_PORT: String(await freePort()),
    CATALOG_RPC_PORT: String(await freePort()),
    BAZAAR_LOG_FORMAT: 'json',
    NO_COLOR: '1',
    // One access-log line per request would dominate the measurement.
    LOG_REQUESTS: 'false',
    LOG_LEVEL: 'warn',
  };
  delete env.CATALOG_DATABASE_URL;

  // Its own process group: a terminal Ctrl-C reaches only this script, which sends the launcher exactly one
  // SIGINT (a second one would end the launcher before it stopped its services and PostgreSQL).
  const launcher = spawn(process.execPath, [LAUNCHER, 'launch'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const pids = {};
  const output = [];
  // After "ready", with LOG_LEVEL=warn, every line a service prints is a warning or an error.
  const logged = { underLoad: [], whileStopping: 0 };
  let ready = false;
  let stopRequested = false;
  const entry = {
    name: 'platform',
    stop: async () => {
      stopRequested = true;
      await stopChild(launcher, 'SIGINT', STOP_TIMEOUT_MS);
      fs.rmSync(home, { recursive: true, force: true });
    },
    kill: () => {
      for (const pid of [launcher.pid, ...Object.values(pids)]) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
  running.add(entry);

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
          const started = /bazaar \| (\w+) started \(pid (\d+)\)/.exec(line);
          if (started) pids[started[1]] = Number(started[2]);
          if (/bazaar \| all \d+ services ready/.test(line)) {
            ready = true;
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
  for (const name of ['gateway', 'catalog']) {
    if (!pids[name])
      throw new Error(`no "${name} started (pid N)" line from the launcher:\n${output.join('\n')}`);
  }
  launcher.once('exit', (code, signal) => {
    if (!stopRequested) progress(`the launcher exited (${signal ?? code}) during the run`);
  });
  return { url: `http://127.0.0.1:${env.GATEWAY_HTTP_PORT}`, pids, launcherPid: launcher.pid, logged, entry };
}

/** A baseline server from bench/baselines in its own process; resolves once it listens. */
async function startBaseline(file, env) {
  const child = fork(path.join(__dirname, 'baselines', file), [], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    detached: true,
  });
  const entry = {
    name: file,
    stop: () => stopChild(child, 'SIGTERM', 5_000),
    kill: () => child.kill('SIGKILL'),
  };
  running.add(entry);
  await new Promise((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code, signal) =>
      reject(new Error(`${file} exited (${signal ?? code}) before listening`)),
    );
  });
  child.disconnect();
  return { pid: child.pid, entry };
}

async function stopEntry(entry) {
  await entry.stop();
  running.delete(entry);
}

// ---------------------------------------------------------------------------------------------------- load

/**
 * autocannon's own latency histogram has 1 ms resolution (a bare server shows p50 0 ms), so latencies are also
 * collected from each response's `responseTime` (ms, from hrtime) into 10 µs buckets.
 */
function latencyRecorder() {
  const BUCKET_MS = 0.01;
  const buckets = new Uint32Array(1_000_000); // up to 10 s
  let count = 0;
  return {
    record(ms) {
      buckets[Math.min(buckets.length - 1, Math.floor(ms / BUCKET_MS))]++;
      count++;
    },
    percentile(p) {
      const rank = Math.ceil((p / 100) * count);
      let seen = 0;
      for (let i = 0; i < buckets.length; i++) {
        seen += buckets[i];
        if (seen >= rank && seen > 0) return (i + 1) * BUCKET_MS;
      }
      return NaN;
    },
  };
}

function runLoad(url, duration, onResponse) {
  const instance = autocannon({ url, connections: CONNECTIONS, duration });
  if (onResponse)
    instance.on('response', (_client, _status, _bytes, responseTime) => onResponse(responseTime));
  currentLoad = instance;
  return Promise.resolve(instance).finally(() => {
    currentLoad = undefined;
  });
}

/**
 * Warm-up (not counted), then the measured run. `servers` names the server processes ({ name: pid }): their RSS
 * after the run, and the CPU they and `extraCpu()` ({ name: [pid...] }, listed after the warm-up, when pools
 * have opened their connections) used during it, are reported.
 */
async function measure(label, url, servers, extraCpu = () => ({})) {
  progress(`${label}: ${WARMUP_S} s warm-up, then ${DURATION_S} s measured...`);
  const warmup = await runLoad(url, WARMUP_S);
  if (interrupted) throw new Error('interrupted');
  const latencies = latencyRecorder();
  const groups = {
    ...Object.fromEntries(Object.entries(servers).map(([n, pid]) => [n, [pid]])),
    ...extraCpu(),
  };
  const cpuBefore = cpuTicks(groups);
  const ownBefore = process.cpuUsage();
  const startedAt = process.hrtime.bigint();
  const result = await runLoad(url, DURATION_S, (ms) => latencies.record(ms));
  const wallS = Number(process.hrtime.bigint() - startedAt) / 1e9;
  const own = process.cpuUsage(ownBefore);
  const cpuAfter = cpuTicks(groups);
  const rss = Object.entries(servers)
    .map(([name, pid]) => `${name} ${rssMb(pid)}`)
    .join(', ');
  const percent = (seconds) => Math.round((seconds / wallS) * 100);
  const cpu = [
    ...Object.keys(groups).map((name) => `${name} ${percent((cpuAfter[name] - cpuBefore[name]) / CLK_TCK)}`),
    `autocannon ${percent((own.user + own.system) / 1e6)}`,
  ].join(', ');
  if (interrupted) throw new Error('interrupted');
  return {
    rss,
    cpu,
    rps: result.requests.average,
    total: result.requests.total,
    p50: latencies.percentile(50),
    p99: latencies.percentile(99),
    failures:
      warmup.errors + warmup.timeouts + warmup.non2xx + result.errors + result.timeouts + result.non2xx,
  };
}

// ---------------------------------------------------------------------------------------------------- main

async function main() {
  const cpus = os.cpus();
  const lines = [
    `bench/catalog-read: ${CONNECTIONS} connections, ${WARMUP_S} s warm-up (not counted), ${DURATION_S} s measured per target, targets one after the other`,
    `machine: ${cpus.length} cores, ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, ${os.type()} ${os.release()}, node ${process.version}; autocannon runs in this process, on the same cores`,
  ];
  const rows = [];

  // 1. gateway -> catalog -> PostgreSQL
  progress('starting the platform (launcher, embedded PostgreSQL, catalog, gateway)...');
  const platform = await startPlatform();
  const list = JSON.parse((await getOk(`${platform.url}/api/v1/products?limit=1`)).body.toString('utf8'));
  if (!list.items?.length) throw new Error('the catalog has no products (CATALOG_SEED should load them)');
  const productPath = `/api/v1/products/${list.items[0].id}`;
  const sample = await getOk(`${platform.url}${productPath}`);
  const body = sample.body;
  lines.push(
    `request: GET ${productPath} -> 200, ${body.length} bytes ${sample.headers['content-type']}, served byte for byte by (a) and (b)`,
  );
  const gateway = await measure(
    'gateway',
    `${platform.url}${productPath}`,
    { gateway: platform.pids.gateway, catalog: platform.pids.catalog },
    // PostgreSQL: the launcher's other descendants (the postmaster and its backends).
    () => ({ postgres: descendants(platform.launcherPid, [platform.pids.gateway, platform.pids.catalog]) }),
  );
  rows.push({ target: 'gateway -> catalog -> PostgreSQL', ...gateway });
  // autocannon drops the requests still in flight when its time is up; let the platform finish them.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  progress('stopping the platform...');
  await stopEntry(platform.entry);

  // 2. baseline (a): bare Fastify, same bytes
  const staticPort = await freePort();
  const staticServer = await startBaseline('fastify-static.js', {
    PORT: String(staticPort),
    BENCH_BODY: body.toString('utf8'),
  });
  await checkSameBody(`http://127.0.0.1:${staticPort}/product`, body, '(a)');
  const bare = await measure('(a) bare Fastify', `http://127.0.0.1:${staticPort}/product`, {
    fastify: staticServer.pid,
  });
  rows.push({ target: '(a) bare Fastify, same bytes', ...bare });
  await stopEntry(staticServer.entry);

  // 3. baseline (b): bare Fastify -> bare TCP server, one persistent multiplexed connection
  const backendPort = await freePort();
  const hopPort = await freePort();
  const backend = await startBaseline('tcp-backend.js', {
    PORT: String(backendPort),
    BENCH_BODY: body.toString('utf8'),
  });
  const front = await startBaseline('fastify-tcp-hop.js', {
    PORT: String(hopPort),
    BACKEND_PORT: String(backendPort),
  });
  await checkSameBody(`http://127.0.0.1:${hopPort}/product`, body, '(b)');
  const hop = await measure('(b) Fastify -> TCP', `http://127.0.0.1:${hopPort}/product`, {
    fastify: front.pid,
    tcp: backend.pid,
  });
  rows.push({ target: '(b) bare Fastify -> bare TCP', ...hop });
  await stopEntry(front.entry);
  await stopEntry(backend.entry);

  // The report
  const ratioA = gateway.rps / bare.rps;
  const ratioB = gateway.rps / hop.rps;
  const table = [
    ['target', 'req/s', 'p50 ms', 'p99 ms', 'failed', 'RSS MB after the run'],
    ...rows.map((r) => [
      r.target,
      Math.round(r.rps).toString(),
      r.p50.toFixed(2),
      r.p99.toFixed(2),
      String(r.failures),
      r.rss,
    ]),
  ];
  const widths = table[0].map((_, column) => Math.max(...table.map((row) => row[column].length)));
  const format = (row) =>
    row
      .map((cell, column) =>
        column === 0 || column === row.length - 1
          ? cell.padEnd(widths[column])
          : cell.padStart(widths[column]),
      )
      .join('  ')
      .trimEnd();
  console.log(lines.join('\n'));
  console.log('');
  console.log(format(table[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of table.slice(1)) console.log(format(row));
  console.log('');
  console.log(`CPU during the measured run, % of one core (${cpus.length} cores = ${cpus.length * 100}):`);
  const labelWidth = Math.max(...rows.map((r) => r.target.length));
  for (const row of rows) console.log(`  ${row.target.padEnd(labelWidth)}  ${row.cpu}`);
  console.log('');
  console.log(`ratio gateway/(a) req/s: ${ratioA.toFixed(3)}`);
  console.log(`ratio gateway/(b) req/s: ${ratioB.toFixed(3)}`);
  console.log(
    `target: gateway >= ${TARGET} x (b): ${ratioB >= TARGET ? 'PASS' : 'BELOW'} (${ratioB.toFixed(3)})`,
  );

  const { underLoad, whileStopping } = platform.logged;
  if (underLoad.length > 0) {
    console.log(
      `\nthe services logged ${underLoad.length} warning/error line(s) under load; the first ones:`,
    );
    for (const line of underLoad.slice(0, 5)) console.log(`  ${line.slice(0, 300)}`);
  }
  if (whileStopping > 0)
    console.log(`(and ${whileStopping} warning/error line(s) while the platform stopped)`);
  const failed = rows.filter((r) => r.failures > 0);
  if (failed.length > 0) {
    throw new Error(
      `errors, timeouts or non-2xx answers under load (${failed.map((r) => r.target).join('; ')}): figures are not valid`,
    );
  }
}

async function checkSameBody(url, expected, label) {
  const { body, headers } = await getOk(url);
  if (!body.equals(expected)) {
    throw new Error(`${label} answered ${body.length} bytes, not the gateway's ${expected.length}`);
  }
  if (!String(headers['content-type']).startsWith('application/json')) {
    throw new Error(`${label} answered content-type ${headers['content-type']}`);
  }
}

main().then(
  () => process.exit(0),
  async (error) => {
    if (interrupted) return; // onSignal cleans up and exits 130
    console.error(`bench/catalog-read failed: ${error instanceof Error ? error.message : String(error)}`);
    await cleanUp();
    process.exit(1);
  },
);
