#!/usr/bin/env node
// bench/footprint: what each process of the platform costs in memory and start-up time, against a baseline in
// the same run: the smallest Nest + Fastify service with one Prisma query (baselines/nest-prisma.js), on the
// platform's own catalog database, with the services' Node flags and with Node's defaults.
//   1. a cold start: the platform on an empty home (initdb, migrations, the demo data);
//   2. per run (--runs, alternating with the baseline): a warm start on that home, RSS of every process once
//      start-up has settled (--settle s), then under --duration s of load through the gateway (product by id,
//      a search, the caller's profile and notifications: every service answers some of it), RSS after;
//   3. the baseline, the same way: start time, RSS settled, RSS after the same load on GET /product/:id.
// A measurement, not a test: exits 0 whatever the figures, non-zero only when something failed.
//
// Usage: npm run bench:footprint [-- --runs 2 --settle 20 --duration 30 --warmup 3 --connections 50]
//        (or BENCH_RUNS, BENCH_SETTLE, ...; `node bench/footprint.js` needs a build first)
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { progress, runBench, stopEntry } = require('./lib/children');
const { getOk, postJson } = require('./lib/http');
const { measure, settle } = require('./lib/load');
const { option } = require('./lib/options');
const { startBaseline, startPlatform } = require('./lib/platform');
const { envOf, freePort, pssMb, rssMb } = require('./lib/processes');
const { finish, header, printResults, printTable } = require('./lib/report');

const TARGET_MB = 120;
/** The launcher, as `npm start` runs it (its Node flags: bench/lib/platform.js). */
const LAUNCHER_TARGET_MB = 80;
const SERVICE_FLAGS = require(
  path.join(__dirname, '..', 'dist', 'scripts', 'scripts', 'src', 'launcher', 'service-node-flags.js'),
).SERVICE_NODE_FLAGS;
const ACCOUNT = { email: 'footprint@bazaar.test', password: 'footprint bench passphrase' };
const load = {
  durationS: option('footprint', 'duration', 30),
  warmupS: option('footprint', 'warmup', 3),
  connections: Math.round(option('footprint', 'connections', 50)),
};
const RUNS = Math.round(option('footprint', 'runs', 1));
const SETTLE_S = option('footprint', 'settle', 20);
const BASELINES = [
  { label: 'baseline, service flags', execArgv: [...SERVICE_FLAGS] },
  { label: 'baseline, Node defaults', execArgv: [] },
];

const sleep = (s) => new Promise((resolve) => setTimeout(resolve, s * 1000));
const range = (values) => {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return '-';
  const [min, max] = [Math.min(...finite), Math.max(...finite)];
  const fmt = (v) => (Number.isInteger(v) ? String(v) : v.toFixed(1));
  return min === max ? fmt(min) : `${fmt(min)}-${fmt(max)}`;
};

async function main() {
  const lines = header('footprint', load, 'target');
  lines[0] = lines[0].replace('measured per target', `of load per target, ${RUNS} run(s) alternating`);
  lines.push(`settle: RSS read ${SETTLE_S} s after ready; service flags: ${SERVICE_FLAGS.join(' ')}`);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'bazaar-footprint-'));
  try {
    await run(lines, home);
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

async function run(lines, home) {
  progress('cold start: the platform on an empty home (initdb, migrations, demo data)...');
  const cold = await startPlatform({}, { home });
  await postJson(`${cold.url}/api/v1/auth/register`, { ...ACCOUNT, displayName: 'Footprint' }, 201);
  const coldStart = { total: cold.startMs / 1000, ...cold.readyS };
  await stopEntry(cold.entry);

  const services = [];
  const platformRuns = [];
  const baselineRuns = Object.fromEntries(BASELINES.map((b) => [b.label, []]));
  let lastPlatform;
  const rows = [];
  for (let i = 1; i <= RUNS; i++) {
    progress(`run ${i}/${RUNS}: warm start of the platform...`);
    const platform = await startPlatform({}, { home });
    lastPlatform = platform;
    if (services.length === 0) services.push(...Object.keys(platform.pids));
    const target = await loadMix(platform);
    progress(`run ${i}/${RUNS}: ${SETTLE_S} s for start-up to settle...`);
    await sleep(SETTLE_S);
    const idle = footprintOf(platform);
    const databaseUrl = envOf(platform.pids.catalog, 'CATALOG_DATABASE_URL');
    const product = target.requests[0].path;
    const result = await measure(`run ${i}: the platform`, target, load, platform.pids, () => ({
      postgres: platform.postgresPids(),
    }));
    await settle();
    const loaded = footprintOf(platform);
    platformRuns.push({ start: { total: platform.startMs / 1000, ...platform.readyS }, idle, loaded });
    if (i === RUNS) rows.push({ target: 'platform: the mix through the gateway', ...result });

    // The baselines on the same database, while the platform's PostgreSQL still runs; the services are idle.
    for (const baseline of BASELINES) {
      const measured = await measureBaseline(baseline, databaseUrl, product.replace('/api/v1/products/', ''));
      baselineRuns[baseline.label].push(measured);
      if (i === RUNS) rows.push({ target: baseline.label, ...measured.result });
    }
    progress(`run ${i}/${RUNS}: stopping the platform...`);
    await stopEntry(platform.entry);
  }

  printResults(lines, rows);
  printStartTimes(coldStart, platformRuns, baselineRuns, services);
  printMemory(platformRuns, baselineRuns, services);
  finish(lastPlatform, rows);
}

/** RSS of each service and of the launcher, and PostgreSQL's proportional set size (its processes share memory). */
function footprintOf(platform) {
  const rss = Object.fromEntries(Object.entries(platform.pids).map(([name, pid]) => [name, rssMb(pid)]));
  rss.launcher = rssMb(platform.launcherPid);
  rss['postgres (PSS, all)'] = platform.postgresPids().reduce((sum, pid) => sum + (pssMb(pid) || 0), 0);
  return rss;
}

/**
 * The load on the platform: reads that reach every service. A customer is logged in (registered on the cold
 * start), so /me goes to identity and /me/notifications to notifications; products go to catalog and inventory.
 */
async function loadMix(platform) {
  const { accessToken } = await postJson(`${platform.url}/api/v1/auth/login`, ACCOUNT, 200);
  const list = JSON.parse((await getOk(`${platform.url}/api/v1/products?limit=1`)).body.toString('utf8'));
  if (!list.items?.length) throw new Error('the catalog has no products (CATALOG_SEED should load them)');
  const auth = { authorization: `Bearer ${accessToken}` };
  const requests = [
    { method: 'GET', path: `/api/v1/products/${list.items[0].id}` },
    { method: 'GET', path: '/api/v1/products?q=lamp&limit=20' },
    { method: 'GET', path: '/api/v1/me', headers: auth },
    { method: 'GET', path: '/api/v1/me/notifications', headers: auth },
  ];
  for (const request of requests) await getOk(`${platform.url}${request.path}`, request.headers);
  return { url: platform.url, requests };
}

async function measureBaseline(baseline, databaseUrl, productId) {
  const port = await freePort();
  const startedAt = Date.now();
  const server = await startBaseline(
    'nest-prisma.js',
    { PORT: String(port), DATABASE_URL: databaseUrl },
    { execArgv: baseline.execArgv },
  );
  const url = `http://127.0.0.1:${port}/product/${productId}`;
  // Ready once it has answered a query: the platform's services are ready only with their database reachable.
  await getOk(url);
  const startS = (Date.now() - startedAt) / 1000;
  await sleep(SETTLE_S);
  const idle = rssMb(server.pid);
  const result = await measure(baseline.label, { url }, load, { nest: server.pid });
  await settle();
  const loaded = rssMb(server.pid);
  await stopEntry(server.entry);
  return { startS, idle, loaded, result };
}

function printStartTimes(coldStart, platformRuns, baselineRuns, services) {
  console.log('');
  console.log(
    'start-up, seconds (the launcher times each service from spawn to ready, one after the other):',
  );
  const baselineStarts = baselineRuns[BASELINES[0].label].map((r) => r.startS);
  printTable(
    ['what', 'cold (empty home)', 'warm (range over runs)'],
    [
      [
        'platform, npm start to all ready',
        coldStart.total.toFixed(1),
        range(platformRuns.map((r) => r.start.total)),
      ],
      ...services.map((name) => [
        `  ${name}`,
        coldStart[name]?.toFixed(1) ?? '-',
        range(platformRuns.map((r) => r.start[name])),
      ]),
      ...BASELINES.map((b) => [
        `${b.label}, fork to first answer`,
        '-',
        range(baselineRuns[b.label].map((r) => r.startS)),
      ]),
    ],
  );
  const warm = platformRuns.map((r) => r.start.total);
  console.log(
    `ratio warm platform start / baseline start: ${range(warm.map((w, i) => Number((w / baselineStarts[i]).toFixed(1))))}`,
  );
}

function printMemory(platformRuns, baselineRuns, services) {
  console.log('');
  console.log(`memory, MiB (RSS; range over runs), target: every service idle <= ${TARGET_MB}:`);
  const baseline = baselineRuns[BASELINES[0].label];
  const baselineIdle = baseline.map((r) => r.idle);
  const processes = [...services, 'launcher', 'postgres (PSS, all)'];
  printTable(
    ['process', 'idle', 'after load', 'idle / baseline idle'],
    [
      ...processes.map((name) => [
        name,
        range(platformRuns.map((r) => r.idle[name])),
        range(platformRuns.map((r) => r.loaded[name])),
        services.includes(name)
          ? range(platformRuns.map((r, i) => Number((r.idle[name] / baselineIdle[i]).toFixed(2))))
          : '',
      ]),
      ...BASELINES.map((b) => [
        b.label,
        range(baselineRuns[b.label].map((r) => r.idle)),
        range(baselineRuns[b.label].map((r) => r.loaded)),
        '',
      ]),
    ],
  );
  const worst = Math.max(...platformRuns.flatMap((r) => services.map((name) => r.idle[name])));
  console.log(
    `target: every service idle <= ${TARGET_MB} MiB: ${worst <= TARGET_MB ? 'PASS' : 'ABOVE'} (largest ${worst})`,
  );
  const launcher = Math.max(...platformRuns.map((r) => r.idle.launcher));
  console.log(
    `target: the launcher idle <= ${LAUNCHER_TARGET_MB} MiB: ${launcher <= LAUNCHER_TARGET_MB ? 'PASS' : 'ABOVE'} (${launcher})`,
  );
}

runBench('footprint', main);
