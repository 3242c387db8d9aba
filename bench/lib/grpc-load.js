'use strict';

const path = require('node:path');
const { randomUUID } = require('node:crypto');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const { progress, session } = require('./children');
const { latencyRecorder, withResources } = require('./load');

const ROOT = path.resolve(__dirname, '..', '..');
const CHANNELS = 10;

function inventoryClients(address) {
  const definition = protoLoader.loadSync(path.join(ROOT, 'libs', 'contracts', 'proto', 'inventory.proto'), {
    keepCase: false,
    enums: String,
    longs: Number,
    defaults: true,
    oneofs: true,
  });
  const { InventoryService } = grpc.loadPackageDefinition(definition).bazaar.inventory.v1;
  // Separate channels (grpc-js shares one per target unless the options differ), like separate callers.
  return Array.from(
    { length: CHANNELS },
    (_, i) => new InventoryService(address, grpc.credentials.createInsecure(), { 'bench.channel': i }),
  );
}

const unary = (client, method, request) =>
  new Promise((resolve, reject) =>
    client[method](request, new grpc.Metadata(), { deadline: Date.now() + 10_000 }, (error, reply) =>
      error ? reject(error) : resolve(reply),
    ),
  );

/** One unit of work of the pair workload: Reserve 1 unit of one of `skus` (in turn), then Release it. */
function reserveReleasePair(skus) {
  return async (client, worker, turn) => {
    const reservationId = randomUUID();
    await unary(client, 'Reserve', {
      reservationId,
      orderId: `bench-${worker}`,
      lines: [{ sku: skus[turn % skus.length], quantity: 1 }],
    });
    await unary(client, 'Release', { reservationId });
  };
}

/** One unit of work of the read workload: one BatchGetStock of `size` SKUs, a different window each turn. */
function batchGetStock(skus, size) {
  return async (client, _worker, turn) => {
    const first = (turn * size) % skus.length;
    const window = Array.from({ length: size }, (_, i) => skus[(first + i) % skus.length]);
    const { levels } = await unary(client, 'BatchGetStock', { skus: window });
    if (levels.length !== size) throw new Error(`BatchGetStock answered ${levels.length} of ${size} levels`);
  };
}

/**
 * `concurrency` workers, each repeating `work(client, worker, turn)` for `seconds`. Returns the units completed
 * and the failures; latencies (ms) per unit go to `latencies`.
 */
async function runWork(clients, work, concurrency, seconds, latencies) {
  const stopAt = Date.now() + seconds * 1000;
  let units = 0;
  let failures = 0;
  let firstError;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      const client = clients[worker % clients.length];
      let turn = worker;
      while (Date.now() < stopAt && !session.interrupted) {
        const started = process.hrtime.bigint();
        try {
          await work(client, worker, turn++);
          units++;
          latencies?.record(Number(process.hrtime.bigint() - started) / 1e6);
        } catch (error) {
          failures++;
          firstError ??= error;
        }
      }
    }),
  );
  return { units, failures, firstError };
}

/**
 * Warm-up, then the measured run of `work`, with CPU and RSS of the server processes reported like
 * `load.measure`; `units` is how many units of work the measured run completed, `cpuSeconds` the CPU per process.
 * `hooks.beforeMeasured()` runs (awaited) between the warm-up and the measured run, e.g. to read counters.
 */
async function measureWork(label, clients, work, load, servers, extraCpu = () => ({}), hooks = {}) {
  progress(`${label}: ${load.warmupS} s warm-up, then ${load.durationS} s measured...`);
  const warmup = await runWork(clients, work, load.connections, load.warmupS);
  if (session.interrupted) throw new Error('interrupted');
  await hooks.beforeMeasured?.();
  const latencies = latencyRecorder();
  const { result, wallS, rss, cpu, cpuSeconds } = await withResources(
    servers,
    extraCpu,
    'load generator',
    () => runWork(clients, work, load.connections, load.durationS, latencies),
  );
  const failures = warmup.failures + result.failures;
  if (failures > 0)
    progress(`${label}: ${failures} failed calls, first: ${result.firstError ?? warmup.firstError}`);
  return {
    rps: result.units / wallS,
    units: result.units,
    p50: latencies.percentile(50),
    p99: latencies.percentile(99),
    failures,
    rss,
    cpu,
    cpuSeconds,
  };
}

module.exports = { batchGetStock, inventoryClients, measureWork, reserveReleasePair, unary };
