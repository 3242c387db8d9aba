#!/usr/bin/env node
// bench/peer-stack: GET /api/v1/products/:id through Bazaar's gateway against the same read built in the same run
// the textbook way from the Nest ecosystem (bench/peer-stack/: nestjs-pino, a global ValidationPipe with
// class-validator DTOs, @nestjs/throttler, @fastify/helmet, @fastify/etag, a Prometheus interceptor, a ClientProxy
// to a plain Nest TCP catalog reading with Prisma's findUnique), on the same database, under the same load,
// alternating round by round. A measurement, not a test: exits 0 whatever the ratios, non-zero only when
// something failed.
//
// Usage: npm run bench:peer-stack [-- --duration 10 --warmup 3 --connections 50 --rounds 2]
'use strict';

const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { progress, runBench, stopEntry } = require('./lib/children');
const { getOk } = require('./lib/http');
const { measure, settle } = require('./lib/load');
const { loadOptions, option } = require('./lib/options');
const { startBaseline, startPlatform } = require('./lib/platform');
const { freePort } = require('./lib/processes');
const { finish, header, printResults, printTarget } = require('./lib/report');

const ROOT = path.resolve(__dirname, '..');
const PEER = path.join(ROOT, 'dist', 'bench', 'peer-stack', 'bench', 'peer-stack');
const RPS_TARGET = 1.5;
const ROUNDS = Math.round(option('peer-stack', 'rounds', 2));
const load = loadOptions('peer-stack');

/** The peer stack is TypeScript, as its authors would write it: compiled here, with the project's compiler. */
function compilePeer() {
  progress('compiling the peer stack (bench/peer-stack)...');
  const tsc = require.resolve('typescript/bin/tsc');
  const result = spawnSync(
    process.execPath,
    [tsc, '-p', path.join(__dirname, 'peer-stack', 'tsconfig.json')],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) throw new Error('the peer stack did not compile');
}

async function main() {
  compilePeer();
  const lines = header('peer-stack', load, 'target');
  lines[0] = lines[0].replace('one after the other', `alternating, ${ROUNDS} round(s)`);
  const rows = [];

  progress('starting the platform (launcher, embedded PostgreSQL, every service)...');
  const platform = await startPlatform();
  const list = JSON.parse((await getOk(`${platform.url}/api/v1/products?limit=1`)).body.toString('utf8'));
  if (!list.items?.length) throw new Error('the catalog has no products (CATALOG_SEED should load them)');
  const productPath = `/api/v1/products/${list.items[0].id}`;
  const sample = await getOk(`${platform.url}${productPath}`);

  const catalogPort = await freePort();
  const gatewayPort = await freePort();
  const peerCatalog = await startBaseline(path.join(PEER, 'catalog', 'main.js'), {
    PORT: String(catalogPort),
    DATABASE_URL: platform.databaseUrl('catalog'),
  });
  const peerGateway = await startBaseline(path.join(PEER, 'gateway', 'main.js'), {
    PORT: String(gatewayPort),
    CATALOG_PORT: String(catalogPort),
  });
  const peerUrl = `http://127.0.0.1:${gatewayPort}${productPath}`;
  const peerSample = await getOk(peerUrl);
  checkSameProduct(sample, peerSample);
  lines.push(
    `request: GET ${productPath} -> 200; Bazaar ${sample.body.length} bytes (with availability from inventory), the peer ${peerSample.body.length} bytes (the same product, without availability)`,
  );

  const bazaar = [];
  const peer = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const ours = await measure(
      `Bazaar #${round}`,
      { url: `${platform.url}${productPath}` },
      load,
      { gateway: platform.pids.gateway, catalog: platform.pids.catalog, inventory: platform.pids.inventory },
      () => ({ postgres: platform.postgresPids() }),
    );
    bazaar.push(ours);
    rows.push({ target: `Bazaar gateway -> catalog + inventory #${round}`, ...ours });
    await settle();
    const theirs = await measure(
      `peer #${round}`,
      { url: peerUrl },
      load,
      { gateway: peerGateway.pid, catalog: peerCatalog.pid },
      () => ({ postgres: platform.postgresPids() }),
    );
    peer.push(theirs);
    rows.push({ target: `peer gateway -> catalog (textbook) #${round}`, ...theirs });
    await settle();
  }
  await stopEntry(peerGateway.entry);
  await stopEntry(peerCatalog.entry);
  progress('stopping the platform...');
  await stopEntry(platform.entry);

  printResults(lines, rows);
  const rpsRatios = bazaar.map((ours, i) => ours.rps / peer[i].rps);
  const p99Ratios = bazaar.map((ours, i) => ours.p99 / peer[i].p99);
  console.log('');
  const cpu = (results) => results.map((r) => cpuPerRequestUs(r).toFixed(0)).join(', ');
  console.log(
    `CPU of the stack's servers and PostgreSQL per request, µs, per round: Bazaar ${cpu(bazaar)}; peer ${cpu(peer)}`,
  );
  console.log(`ratio Bazaar/peer req/s, per round: ${rpsRatios.map((r) => r.toFixed(3)).join(', ')}`);
  console.log(`ratio Bazaar/peer p99, per round:   ${p99Ratios.map((r) => r.toFixed(3)).join(', ')}`);
  printTarget(`Bazaar >= ${RPS_TARGET} x peer req/s, mean of rounds`, mean(rpsRatios), RPS_TARGET);
  const p99 = mean(p99Ratios);
  console.log(
    `target: Bazaar p99 <= peer p99, mean of rounds: ${p99 <= 1 ? 'PASS' : 'ABOVE'} (${p99.toFixed(3)})`,
  );
  finish(platform, rows);
}

/** CPU seconds of every server process of a target (PostgreSQL included) per request, in µs. */
const cpuPerRequestUs = (result) =>
  (Object.values(result.cpuSeconds).reduce((sum, seconds) => sum + seconds, 0) / result.total) * 1e6;
const mean = (values) => values.reduce((sum, v) => sum + v, 0) / values.length;

/** Both answer the same product, field for field; Bazaar's answer also carries the availability. */
function checkSameProduct(ours, theirs) {
  const { availability, ...product } = JSON.parse(ours.body.toString('utf8'));
  const peer = JSON.parse(theirs.body.toString('utf8'));
  if (!availability) throw new Error('Bazaar answered no availability');
  if (JSON.stringify(product) !== JSON.stringify(peer)) {
    throw new Error(`the peer answered ${theirs.body.toString('utf8')}, not ${JSON.stringify(product)}`);
  }
}

runBench('peer-stack', main);
