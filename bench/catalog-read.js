#!/usr/bin/env node
// bench/catalog-read: GET /api/v1/products/:id through the real platform, against baselines measured in the
// same run on the same machine with the same load:
//   (d) the fair hop: a bare Fastify server asking a bare TCP server that reads the product by primary key with
//       `pg` from the same database, alternating with the gateway round by round (the target is against it);
//   (a) a bare Fastify server returning the same JSON bytes;
//   (b) the minimal hop: a bare Fastify server asking a bare Node TCP server for that JSON per request;
//   (c) the same hop behind a bare Nest controller, which separates Nest's own cost from the platform's.
// Prints req/s, p50/p99 latency and RSS per server process, and the ratios of the gateway to each baseline.
// A measurement, not a test: exits 0 whatever the ratios, non-zero only when something failed.
// With `--scale catalog=2`, it measures something else: the same read on the platform with one catalog instance,
// then with two (the launcher's `--scale`), and the gain (see bench/lib/scale-comparison.js).
// With `--tracing`, what tracing costs: the platform with tracing off, then on (OTLP/HTTP to a local sink that
// discards; every trace, then 1 in 10), alternating `--rounds` times (see bench/lib/tracing-comparison.js).
//
// Usage: npm run bench:catalog-read [-- --duration 10 --warmup 3 --connections 50 --rounds 2]
//        npm run bench:catalog-read -- --scale catalog=2 [--duration 10 ...]
//        npm run bench:catalog-read -- --tracing [--rounds 2 --duration 10 ...]
//        (or BENCH_DURATION, BENCH_WARMUP, BENCH_CONNECTIONS; `node bench/catalog-read.js` needs a build first)
'use strict';

const { progress, runBench, stopEntry } = require('./lib/children');
const { getOk } = require('./lib/http');
const { measure, settle } = require('./lib/load');
const { loadOptions, option } = require('./lib/options');
const { startBaseline, startPlatform } = require('./lib/platform');
const { freePort } = require('./lib/processes');
const { finish, header, printResults, printTarget } = require('./lib/report');
const { compareScale, scaleOption } = require('./lib/scale-comparison');
const { compareTracing, tracingOption } = require('./lib/tracing-comparison');

const TARGET = 0.6;
/** Tracing on (every trace sampled) against off, req/s. */
const TRACING_TARGET = 0.85;
/** The gateway and baseline (d) alternate this many times. */
const ROUNDS = Math.round(option('catalog-read', 'rounds', 2));
const load = loadOptions('catalog-read');
const scale = scaleOption('catalog-read');

async function main() {
  if (scale) return compareScale('catalog-read', load, scale, firstProductPath);
  if (tracingOption()) return compareTracing('catalog-read', load, ROUNDS, firstProductPath, TRACING_TARGET);
  const lines = header('catalog-read', load, 'target');
  const rows = [];

  // 1. gateway -> catalog -> PostgreSQL
  progress('starting the platform (launcher, embedded PostgreSQL, every service)...');
  const platform = await startPlatform();
  const productPath = await firstProductPath(platform.url);
  const sample = await getOk(`${platform.url}${productPath}`);
  const body = sample.body;
  lines.push(
    `request: GET ${productPath} -> 200, ${body.length} bytes ${sample.headers['content-type']}, served byte for byte by the baselines`,
  );
  // 2. baseline (d), alternating with the gateway while the platform's PostgreSQL runs: the same read, bare
  const product = JSON.parse(body.toString('utf8'));
  const fairBackendPort = await freePort();
  const fairFrontPort = await freePort();
  const fairBackend = await startBaseline('tcp-pg-backend.js', {
    PORT: String(fairBackendPort),
    DATABASE_URL: platform.databaseUrl('catalog'),
    BENCH_AVAILABILITY: JSON.stringify(product.availability ?? null),
  });
  const fairFront = await startBaseline('fastify-tcp-pg-hop.js', {
    PORT: String(fairFrontPort),
    BACKEND_PORT: String(fairBackendPort),
  });
  const fairUrl = `http://127.0.0.1:${fairFrontPort}/product/${product.id}`;
  await checkSameBody(fairUrl, body, '(d)');
  const gateways = [];
  const fairs = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const gateway = await measure(
      `gateway #${round}`,
      { url: `${platform.url}${productPath}` },
      load,
      { gateway: platform.pids.gateway, catalog: platform.pids.catalog, inventory: platform.pids.inventory },
      () => ({ postgres: platform.postgresPids() }),
    );
    gateways.push(gateway);
    rows.push({ target: `gateway -> catalog + inventory #${round}`, ...gateway });
    await settle();
    const fair = await measure(
      `(d) Fastify -> TCP -> pg #${round}`,
      { url: fairUrl },
      load,
      { fastify: fairFront.pid, tcp: fairBackend.pid },
      () => ({ postgres: platform.postgresPids() }),
    );
    fairs.push(fair);
    rows.push({ target: `(d) bare Fastify -> TCP -> pg #${round}`, ...fair });
    await settle();
  }
  await stopEntry(fairFront.entry);
  await stopEntry(fairBackend.entry);
  const gateway = averageOf(gateways);
  progress('stopping the platform...');
  await stopEntry(platform.entry);

  // 3. baseline (a): bare Fastify, same bytes
  const staticPort = await freePort();
  const staticServer = await startBaseline('fastify-static.js', {
    PORT: String(staticPort),
    BENCH_BODY: body.toString('utf8'),
  });
  await checkSameBody(`http://127.0.0.1:${staticPort}/product`, body, '(a)');
  const bare = await measure('(a) bare Fastify', { url: `http://127.0.0.1:${staticPort}/product` }, load, {
    fastify: staticServer.pid,
  });
  rows.push({ target: '(a) bare Fastify, same bytes', ...bare });
  await stopEntry(staticServer.entry);

  // 4. and 5. baselines (b) and (c): one bare TCP backend, in front of it bare Fastify, then a bare Nest controller
  const backendPort = await freePort();
  const backend = await startBaseline('tcp-backend.js', {
    PORT: String(backendPort),
    BENCH_BODY: body.toString('utf8'),
  });
  const measureFront = async (script, name, label, target) => {
    const port = await freePort();
    const front = await startBaseline(script, { PORT: String(port), BACKEND_PORT: String(backendPort) });
    const url = `http://127.0.0.1:${port}/product`;
    await checkSameBody(url, body, label);
    const result = await measure(label, { url }, load, { [name]: front.pid, tcp: backend.pid });
    rows.push({ target, ...result });
    await stopEntry(front.entry);
    return result;
  };
  const hop = await measureFront(
    'fastify-tcp-hop.js',
    'fastify',
    '(b) Fastify -> TCP',
    '(b) bare Fastify -> bare TCP',
  );
  // (c) separates Nest's own cost from the platform's.
  const nestHop = await measureFront(
    'nest-tcp-hop.js',
    'nest',
    '(c) Nest -> TCP',
    '(c) bare Nest -> bare TCP',
  );
  await stopEntry(backend.entry);

  printResults(lines, rows);
  const ratioB = gateway.rps / hop.rps;
  const fairRatios = gateways.map((g, i) => g.rps / fairs[i].rps);
  console.log('');
  const cpu = (results) => results.map((r) => cpuPerRequestUs(r).toFixed(0)).join(', ');
  console.log(
    `CPU of the servers and PostgreSQL per request, µs, per round: gateway ${cpu(gateways)}; (d) ${cpu(fairs)}`,
  );
  console.log(`ratio gateway/(d) req/s, per round: ${fairRatios.map((r) => r.toFixed(3)).join(', ')}`);
  console.log('(the ratios below take the mean of the gateway rounds)');
  console.log(`ratio gateway/(a) req/s: ${(gateway.rps / bare.rps).toFixed(3)}`);
  console.log(`ratio gateway/(b) req/s: ${ratioB.toFixed(3)}`);
  console.log(
    `ratio gateway/(c) req/s: ${(gateway.rps / nestHop.rps).toFixed(3)} (what the platform adds to Nest)`,
  );
  console.log(`ratio (c)/(b) req/s:     ${(nestHop.rps / hop.rps).toFixed(3)} (what Nest's router costs)`);
  const fairMean = fairRatios.reduce((sum, r) => sum + r, 0) / fairRatios.length;
  printTarget(`gateway >= ${TARGET} x (d), mean of rounds`, fairMean, TARGET);
  finish(platform, rows);
}

/** `/api/v1/products/<id>` of the first product the platform lists. */
async function firstProductPath(platformUrl) {
  const list = JSON.parse((await getOk(`${platformUrl}/api/v1/products?limit=1`)).body.toString('utf8'));
  if (!list.items?.length) throw new Error('the catalog has no products (CATALOG_SEED should load them)');
  return `/api/v1/products/${list.items[0].id}`;
}

/** CPU seconds of every server process of a target (PostgreSQL included) per request, in µs. */
const cpuPerRequestUs = (result) =>
  (Object.values(result.cpuSeconds).reduce((sum, seconds) => sum + seconds, 0) / result.total) * 1e6;

/** The mean req/s of several measured runs of one target (the other figures are per row in the table). */
function averageOf(results) {
  return { rps: results.reduce((sum, r) => sum + r.rps, 0) / results.length };
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

runBench('catalog-read', main);
