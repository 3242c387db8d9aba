#!/usr/bin/env node
// bench/catalog-read: GET /api/v1/products/:id through the real platform, against two baselines measured in the
// same run on the same machine with the same load:
//   (a) a bare Fastify server returning the same JSON bytes;
//   (b) the minimal hop: a bare Fastify server asking a bare Node TCP server for that JSON per request;
//   (c) the same hop behind a bare Nest controller, which separates Nest's own cost from the platform's.
// Prints req/s, p50/p99 latency and RSS per server process, and the ratios of the gateway to each baseline.
// A measurement, not a test: exits 0 whatever the ratios, non-zero only when something failed.
//
// Usage: npm run bench:catalog-read [-- --duration 10 --warmup 3 --connections 50]
//        (or BENCH_DURATION, BENCH_WARMUP, BENCH_CONNECTIONS; `node bench/catalog-read.js` needs a build first)
'use strict';

const { progress, runBench, stopEntry } = require('./lib/children');
const { getOk } = require('./lib/http');
const { measure, settle } = require('./lib/load');
const { loadOptions } = require('./lib/options');
const { startBaseline, startPlatform } = require('./lib/platform');
const { freePort } = require('./lib/processes');
const { finish, header, printResults, printTarget } = require('./lib/report');

const TARGET = 0.6;
const load = loadOptions('catalog-read');

async function main() {
  const lines = header('catalog-read', load, 'target');
  const rows = [];

  // 1. gateway -> catalog -> PostgreSQL
  progress('starting the platform (launcher, embedded PostgreSQL, every service)...');
  const platform = await startPlatform();
  const list = JSON.parse((await getOk(`${platform.url}/api/v1/products?limit=1`)).body.toString('utf8'));
  if (!list.items?.length) throw new Error('the catalog has no products (CATALOG_SEED should load them)');
  const productPath = `/api/v1/products/${list.items[0].id}`;
  const sample = await getOk(`${platform.url}${productPath}`);
  const body = sample.body;
  lines.push(
    `request: GET ${productPath} -> 200, ${body.length} bytes ${sample.headers['content-type']}, served byte for byte by the baselines`,
  );
  const gateway = await measure(
    'gateway',
    { url: `${platform.url}${productPath}` },
    load,
    { gateway: platform.pids.gateway, catalog: platform.pids.catalog, inventory: platform.pids.inventory },
    () => ({ postgres: platform.postgresPids() }),
  );
  rows.push({ target: 'gateway -> catalog + inventory', ...gateway });
  await settle();
  progress('stopping the platform...');
  await stopEntry(platform.entry);

  // 2. baseline (a): bare Fastify, same bytes
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

  // 3. and 4. baselines (b) and (c): one bare TCP backend, in front of it bare Fastify, then a bare Nest controller
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
  console.log('');
  console.log(`ratio gateway/(a) req/s: ${(gateway.rps / bare.rps).toFixed(3)}`);
  console.log(`ratio gateway/(b) req/s: ${ratioB.toFixed(3)}`);
  console.log(
    `ratio gateway/(c) req/s: ${(gateway.rps / nestHop.rps).toFixed(3)} (what the platform adds to Nest)`,
  );
  console.log(`ratio (c)/(b) req/s:     ${(nestHop.rps / hop.rps).toFixed(3)} (what Nest's router costs)`);
  printTarget(`gateway >= ${TARGET} x (b)`, ratioB, TARGET);
  finish(platform, rows);
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
