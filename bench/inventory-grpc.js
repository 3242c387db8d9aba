#!/usr/bin/env node
// bench/inventory-grpc: Reserve + Release pairs per second against the real inventory service (Nest gRPC
// transport, validation, PostgreSQL with conditional updates), and in the same run against a bare @grpc/grpc-js
// server answering the same messages from memory. Prints both and the ratio.
// A measurement, not a test: exits 0 whatever the ratio, non-zero only when something failed.
//
// Usage: npm run bench:inventory-grpc [-- --duration 10 --warmup 3 --connections 50]   (connections = workers)
'use strict';

const { progress, runBench, stopEntry } = require('./lib/children');
const { inventoryClients, measurePairs, unary } = require('./lib/grpc-load');
const { loadOptions, option } = require('./lib/options');
const { startBaseline, startPlatform } = require('./lib/platform');
const { freePort } = require('./lib/processes');
const { finish, header, printResults } = require('./lib/report');

/** Reservations spread over this many SKUs; `--skus 1` measures one hot SKU (every call waits for its row lock). */
const SKU_COUNT = Math.round(option('inventory-grpc', 'skus', 100));
const SKUS = Array.from({ length: SKU_COUNT }, (_, i) => `BENCH-RESERVE-${i + 1}`);
const load = loadOptions('inventory-grpc');

async function main() {
  const lines = header('inventory-grpc', load, 'target').map((line) =>
    line.replace('connections', 'concurrent callers on 10 channels'),
  );
  lines.push(
    `work: Reserve 1 unit of one of ${SKU_COUNT} SKUs (in turn) with a fresh reservation id, then Release it; one pair = two calls`,
  );
  const rows = [];

  progress('starting the platform (launcher, embedded PostgreSQL, every service)...');
  const platform = await startPlatform();
  const address = `127.0.0.1:${platform.env.INVENTORY_RPC_PORT}`;
  const clients = inventoryClients(address);
  // Enough stock that no pair ever fails for lack of it: the bench measures the path, not the refusals.
  for (const sku of SKUS)
    await unary(clients[0], 'AdjustStock', { sku, setOnHand: 1_000_000, reason: 'bench' });
  const service = await measurePairs(
    'inventory',
    clients,
    SKUS,
    load,
    { inventory: platform.pids.inventory },
    () => ({ postgres: platform.postgresPids() }),
  );
  rows.push({ target: 'inventory (Nest gRPC + PostgreSQL)', ...service });
  const { levels } = await unary(clients[0], 'BatchGetStock', { skus: SKUS });
  const stillReserved = levels.reduce((sum, level) => sum + level.reserved, 0);
  if (stillReserved !== 0) throw new Error(`after the run ${stillReserved} units are still reserved`);
  clients.forEach((client) => client.close());
  progress('stopping the platform...');
  await stopEntry(platform.entry);

  const port = await freePort();
  const bare = await startBaseline('grpc-inventory.js', { PORT: String(port) });
  const bareClients = inventoryClients(`127.0.0.1:${port}`);
  const baseline = await measurePairs('bare gRPC', bareClients, SKUS, load, { grpc: bare.pid });
  rows.push({ target: 'bare @grpc/grpc-js, in memory', ...baseline });
  bareClients.forEach((client) => client.close());
  await stopEntry(bare.entry);

  printResults(lines, rows);
  console.log('');
  console.log(`ratio inventory/bare pairs/s: ${(service.rps / baseline.rps).toFixed(3)}`);
  console.log('(req/s above are Reserve+Release pairs per second; p50/p99 are per pair)');
  finish(platform, rows);
}

runBench('inventory-grpc', main);
