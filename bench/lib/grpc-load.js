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

/**
 * `concurrency` workers, each doing Reserve (1 unit of one of `skus`, in turn) then Release of the same
 * reservation, for `seconds`. Returns the pairs completed and the failures; latencies (ms) go to `latencies`.
 */
async function runPairs(clients, skus, concurrency, seconds, latencies) {
  const stopAt = Date.now() + seconds * 1000;
  let pairs = 0;
  let failures = 0;
  let firstError;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      const client = clients[worker % clients.length];
      let turn = worker;
      while (Date.now() < stopAt && !session.interrupted) {
        const sku = skus[turn++ % skus.length];
        const started = process.hrtime.bigint();
        const reservationId = randomUUID();
        try {
          await unary(client, 'Reserve', {
            reservationId,
            orderId: `bench-${worker}`,
            lines: [{ sku, quantity: 1 }],
          });
          await unary(client, 'Release', { reservationId });
          pairs++;
          latencies?.record(Number(process.hrtime.bigint() - started) / 1e6);
        } catch (error) {
          failures++;
          firstError ??= error;
        }
      }
    }),
  );
  return { pairs, failures, firstError };
}

/** Warm-up, then the measured run, with CPU and RSS of the server processes reported like `load.measure`. */
async function measurePairs(label, clients, skus, load, servers, extraCpu = () => ({})) {
  progress(`${label}: ${load.warmupS} s warm-up, then ${load.durationS} s measured...`);
  const warmup = await runPairs(clients, skus, load.connections, load.warmupS);
  if (session.interrupted) throw new Error('interrupted');
  const latencies = latencyRecorder();
  const { result, wallS, rss, cpu } = await withResources(servers, extraCpu, 'load generator', () =>
    runPairs(clients, skus, load.connections, load.durationS, latencies),
  );
  const failures = warmup.failures + result.failures;
  if (failures > 0)
    progress(`${label}: ${failures} failed calls, first: ${result.firstError ?? warmup.firstError}`);
  return {
    rps: result.pairs / wallS,
    p50: latencies.percentile(50),
    p99: latencies.percentile(99),
    failures,
    rss,
    cpu,
  };
}

module.exports = { inventoryClients, measurePairs, unary };
