#!/usr/bin/env node
// bench/inventory-grpc: the real inventory service (Nest gRPC transport, validation, metrics, PostgreSQL) against,
// in the same run, a bare @grpc/grpc-js server running the same SQL statements with `pg` on the same database
// (the fair baseline), alternating round by round, for two workloads: Reserve + Release pairs, and BatchGetStock
// of 20 SKUs (with the CPU each server spends per call). Then, as an extra row, a bare @grpc/grpc-js server
// answering the pairs from memory. A measurement, not a test: exits 0 whatever the ratios, non-zero only when
// something failed.
//
// Usage: npm run bench:inventory-grpc [-- --duration 10 --warmup 3 --connections 50 --rounds 2 --skus 100]
//        (connections = concurrent callers)
'use strict';

const { progress, runBench, stopEntry } = require('./lib/children');
const {
  batchGetStock,
  inventoryClients,
  measureWork,
  reserveReleasePair,
  unary,
} = require('./lib/grpc-load');
const { loadOptions, option } = require('./lib/options');
const { startBaseline, startPlatform } = require('./lib/platform');
const { freePort } = require('./lib/processes');
const { finish, header, printResults, printTarget } = require('./lib/report');

/** Reservations spread over this many SKUs; `--skus 1` measures one hot SKU (every call waits for its row lock). */
const SKU_COUNT = Math.round(option('inventory-grpc', 'skus', 100));
const SKUS = Array.from({ length: SKU_COUNT }, (_, i) => `BENCH-RESERVE-${i + 1}`);
/** Inventory and the SQL baseline alternate this many times per workload. */
const ROUNDS = Math.round(option('inventory-grpc', 'rounds', 2));
const BATCH_SIZE = 20;
const PAIR_TARGET = 0.6;
const BATCH_CPU_TARGET_US = 150;
const load = loadOptions('inventory-grpc');

async function main() {
  const lines = header('inventory-grpc', load, 'target').map((line) =>
    line.replace('connections', 'concurrent callers on 10 channels'),
  );
  lines.push(
    `pairs: Reserve 1 unit of one of ${SKU_COUNT} SKUs (in turn) with a fresh reservation id, then Release it; one pair = two calls`,
    `batch: BatchGetStock of ${BATCH_SIZE} of those SKUs per call; inventory and the SQL baseline alternate, ${ROUNDS} round(s) each`,
  );
  const rows = [];

  progress('starting the platform (launcher, embedded PostgreSQL, every service)...');
  const platform = await startPlatform();
  const clients = inventoryClients(`127.0.0.1:${platform.env.INVENTORY_RPC_PORT}`);
  // Enough stock that no pair ever fails for lack of it: the bench measures the path, not the refusals.
  for (const sku of SKUS)
    await unary(clients[0], 'AdjustStock', { sku, setOnHand: 1_000_000, reason: 'bench' });
  const sqlPort = await freePort();
  const sql = await startBaseline('grpc-inventory-pg.js', {
    PORT: String(sqlPort),
    DATABASE_URL: platform.databaseUrl('inventory'),
  });
  const sqlClients = inventoryClients(`127.0.0.1:${sqlPort}`);
  const postgres = () => ({ postgres: platform.postgresPids() });
  const targets = {
    inventory: { clients, servers: { inventory: platform.pids.inventory }, label: 'inventory' },
    sql: { clients: sqlClients, servers: { grpc: sql.pid }, label: 'bare grpc-js + pg' },
  };
  const workloads = {
    pairs: { work: reserveReleasePair(SKUS), name: 'Reserve+Release pairs' },
    batch: {
      work: batchGetStock(SKUS, Math.min(BATCH_SIZE, SKU_COUNT)),
      name: `BatchGetStock x${BATCH_SIZE}`,
    },
  };
  const results = { pairs: { inventory: [], sql: [] }, batch: { inventory: [], sql: [] } };
  for (const [workload, { work, name }] of Object.entries(workloads)) {
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [key, target] of Object.entries(targets)) {
        const label = `${target.label}, ${name} #${round}`;
        const result = await measureWork(label, target.clients, work, load, target.servers, postgres);
        const server = Object.keys(target.servers)[0];
        result.cpuUsPerUnit = (result.cpuSeconds[server] / result.units) * 1e6;
        results[workload][key].push(result);
        rows.push({ target: label, ...result });
      }
    }
  }
  const { levels } = await unary(clients[0], 'BatchGetStock', { skus: SKUS.slice(0, 100) });
  const stillReserved = levels.reduce((sum, level) => sum + level.reserved, 0);
  if (stillReserved !== 0) throw new Error(`after the run ${stillReserved} units are still reserved`);
  [...clients, ...sqlClients].forEach((client) => client.close());
  await stopEntry(sql.entry);
  progress('stopping the platform...');
  await stopEntry(platform.entry);

  const memoryPort = await freePort();
  const memory = await startBaseline('grpc-inventory.js', { PORT: String(memoryPort) });
  const memoryClients = inventoryClients(`127.0.0.1:${memoryPort}`);
  const inMemory = await measureWork('bare gRPC, in memory', memoryClients, workloads.pairs.work, load, {
    grpc: memory.pid,
  });
  rows.push({ target: 'bare grpc-js, in memory, Reserve+Release pairs', ...inMemory });
  memoryClients.forEach((client) => client.close());
  await stopEntry(memory.entry);

  printResults(lines, rows);
  console.log(
    '(req/s is pairs per second for the pairs rows, p50/p99 per pair; calls per second for the batch rows)',
  );
  console.log('');
  const cpu = (list) =>
    range(
      list.map((r) => r.cpuUsPerUnit),
      0,
    );
  for (const [workload, { name }] of Object.entries(workloads)) {
    const { inventory, sql: bare } = results[workload];
    console.log(
      `${name}: server CPU per ${workload === 'pairs' ? 'pair' : 'call'}, µs: inventory ${cpu(inventory)}, bare grpc-js + pg ${cpu(bare)}`,
    );
  }
  const pairRatios = ratios(results.pairs);
  const batchRatios = ratios(results.batch);
  console.log(`ratio inventory/(bare grpc-js + pg) pairs/s, per round: ${range(pairRatios, 3)}`);
  console.log(
    `ratio inventory/(bare grpc-js + pg) BatchGetStock calls/s, per round: ${range(batchRatios, 3)}`,
  );
  const meanInMemory = results.pairs.inventory.reduce((sum, r) => sum + r.rps, 0) / ROUNDS / inMemory.rps;
  console.log(`ratio inventory/(bare grpc-js, in memory) pairs/s: ${meanInMemory.toFixed(3)}`);
  printTarget(
    `inventory >= ${PAIR_TARGET} x (bare grpc-js + pg) pairs/s, mean of rounds`,
    mean(pairRatios),
    PAIR_TARGET,
  );
  const batchCpu = mean(results.batch.inventory.map((r) => r.cpuUsPerUnit));
  console.log(
    `target: inventory CPU per BatchGetStock of ${BATCH_SIZE} < ${BATCH_CPU_TARGET_US} µs, mean of rounds: ${
      batchCpu < BATCH_CPU_TARGET_US ? 'PASS' : 'ABOVE'
    } (${batchCpu.toFixed(0)} µs)`,
  );
  finish(platform, rows);
}

const mean = (values) => values.reduce((sum, v) => sum + v, 0) / values.length;
const ratios = ({ inventory, sql }) => inventory.map((r, i) => r.rps / sql[i].rps);
function range(values, digits) {
  const low = Math.min(...values).toFixed(digits);
  const high = Math.max(...values).toFixed(digits);
  return low === high ? low : `${low}–${high}`;
}

runBench('inventory-grpc', main);
