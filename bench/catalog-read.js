#!/usr/bin/env node
// bench/catalog-read: GET /api/v1/products/:id through the real platform, against two baselines measured in the
// same run on the same machine with the same load:
//   (a) a bare Fastify server returning the same JSON bytes;
//   (b) the minimal hop: a bare Fastify server asking a bare Node TCP server for that JSON per request.
// Prints req/s, p50/p99 latency and RSS for each, and the ratios gateway/(a) and gateway/(b).
// Usage: npm run bench:catalog-read [-- --duration 10 --connections 50]
'use strict';

const { fork, spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');
const autocannon = require('autocannon');

const ROOT = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0
    ? Number(args[index + 1])
    : Number(process.env[`BENCH_${name.toUpperCase()}`] ?? fallback);
};
const DURATION_S = option('duration', 10);
const CONNECTIONS = option('connections', 50);
const WARMUP_S = option('warmup', 3);
const TARGET = 0.6;

const children = [];
process.on('SIGINT', () => {
  for (const child of children) child.kill('SIGKILL');
  process.exit(130);
});

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function rssMb(pid) {
  try {
    const line = fs
      .readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:'));
    return Math.round(Number(line.replace(/\D+/g, '')) / 1024);
  } catch {
    return NaN;
  }
}

/** A baseline server in its own process; resolves once it listens. */
function startBaseline(file, env) {
  const child = fork(path.join(__dirname, 'baselines', file), [], {
    env: { ...process.env, ...env },
    stdio: 'ignore',
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`${file} exited (${code})`)));
  });
}

function stop(child, signal = 'SIGTERM') {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/** The platform as `npm start` runs it, in a throwaway home on free ports, with access logs off. */
async function startPlatform() {
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
    LOG_REQUESTS: 'false',
    LOG_LEVEL: 'warn',
  };
  delete env.CATALOG_DATABASE_URL;
  const launcher = spawn(process.execPath, [path.join(ROOT, 'dist/scripts/scripts/src/cli.js'), 'launch'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(launcher);
  const pids = {};
  await new Promise((resolve, reject) => {
    readline.createInterface({ input: launcher.stdout }).on('line', (line) => {
      const started = /bazaar \| (\w+) started \(pid (\d+)\)/.exec(line);
      if (started) pids[started[1]] = Number(started[2]);
      if (/bazaar \| all \d+ services ready/.test(line)) resolve();
    });
    launcher.once('exit', (code) => reject(new Error(`launcher exited (${code}) before ready`)));
  });
  return {
    url: `http://127.0.0.1:${env.GATEWAY_HTTP_PORT}`,
    pids,
    stop: async () => {
      await stop(launcher, 'SIGINT');
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}

async function load(url) {
  await autocannon({ url, connections: CONNECTIONS, duration: WARMUP_S });
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${url}: ${result.non2xx} non-2xx answers and ${result.errors} errors during the run`);
  }
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

async function main() {
  console.log(
    `bench/catalog-read: ${CONNECTIONS} connections, ${WARMUP_S} s warm-up, ${DURATION_S} s measured`,
  );
  console.log(
    `machine: ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown CPU'}, node ${process.version}\n`,
  );
  const rows = [];

  const platform = await startPlatform();
  const list = await (await fetch(`${platform.url}/api/v1/products?limit=1`)).json();
  const productUrl = `${platform.url}/api/v1/products/${list.items[0].id}`;
  const body = await (await fetch(productUrl)).text();
  const gateway = await load(productUrl);
  rows.push({
    target: 'gateway -> catalog -> PostgreSQL',
    ...gateway,
    rss: `gateway ${rssMb(platform.pids.gateway)} + catalog ${rssMb(platform.pids.catalog)}`,
  });
  await platform.stop();

  const staticPort = await freePort();
  const staticServer = await startBaseline('fastify-static.js', {
    PORT: String(staticPort),
    BENCH_BODY: body,
  });
  const bare = await load(`http://127.0.0.1:${staticPort}/product`);
  rows.push({ target: '(a) bare Fastify, same JSON', ...bare, rss: `${rssMb(staticServer.pid)}` });
  await stop(staticServer);

  const backendPort = await freePort();
  const hopPort = await freePort();
  const backend = await startBaseline('tcp-backend.js', { PORT: String(backendPort), BENCH_BODY: body });
  const front = await startBaseline('fastify-tcp-hop.js', {
    PORT: String(hopPort),
    BACKEND_PORT: String(backendPort),
  });
  const hop = await load(`http://127.0.0.1:${hopPort}/product`);
  rows.push({
    target: '(b) bare Fastify -> bare TCP',
    ...hop,
    rss: `${rssMb(front.pid)} + ${rssMb(backend.pid)}`,
  });
  await stop(front);
  await stop(backend);

  console.log(`response body: ${Buffer.byteLength(body)} bytes\n`);
  console.log(
    `${'target'.padEnd(34)} ${'req/s'.padStart(9)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)}  RSS MB`,
  );
  for (const row of rows) {
    console.log(
      `${row.target.padEnd(34)} ${Math.round(row.rps).toString().padStart(9)} ${String(row.p50).padStart(7)} ${String(
        row.p99,
      ).padStart(7)}  ${row.rss}`,
    );
  }
  const vsBare = gateway.rps / bare.rps;
  const vsHop = gateway.rps / hop.rps;
  console.log(`\nratio gateway/(a): ${vsBare.toFixed(2)}`);
  console.log(`ratio gateway/(b): ${vsHop.toFixed(2)}`);
  console.log(`target: gateway >= ${TARGET} x (b): ${vsHop >= TARGET ? 'PASS' : 'BELOW'}`);
}

main().then(
  () => process.exit(0),
  async (error) => {
    console.error(error instanceof Error ? error.message : error);
    for (const child of children) child.kill('SIGKILL');
    process.exit(1);
  },
);
