#!/usr/bin/env node
// bench/rpc-transports: the same small RPC through the platform's RpcClient over its two request/reply
// transports, in one process on the same cores: Nest TCP (PlatformTcpClient -> PlatformTcpServer) and RabbitMQ
// (RabbitMqRpcClient -> the broker -> RabbitMqRpcServer -> the broker -> direct reply-to). Prints the latency of
// calls one at a time and the throughput with many in flight, and RabbitMQ against TCP.
// A measurement, not a test: exits 0 whatever the ratio, non-zero only when something failed.
//
// Usage: npm run bench:rpc-transports [-- --calls 1000 --inflight 64]
//   uses RABBITMQ_URL (default amqp://guest:guest@127.0.0.1:5672).
'use strict';

const os = require('node:os');
const path = require('node:path');
const { randomUUID } = require('node:crypto');
const { Histogram } = require('prom-client');
const { Logger } = require('@nestjs/common');
const { option } = require('./lib/options');

// The servers' start and stop lines are not results.
Logger.overrideLogger(['warn', 'error']);

const RPC = path.resolve(__dirname, '..', 'dist/scripts/libs/platform/src/rpc');
const { PlatformTcpServer } = require(path.join(RPC, 'platform-tcp-server.js'));
const { PlatformTcpClient } = require(path.join(RPC, 'platform-tcp-client.js'));
const { CoalescingJsonSocket } = require(path.join(RPC, 'coalescing-json-socket.js'));
const { RabbitMqRpcServer } = require(path.join(RPC, 'rabbitmq-rpc.server.js'));
const { RabbitMqRpcClient } = require(path.join(RPC, 'rabbitmq-rpc.client.js'));
const { RpcClient } = require(path.join(RPC, 'rpc-client.js'));
const { RpcWork } = require(path.join(RPC, 'rpc-work.js'));
const { LifecycleService } = require(path.resolve(RPC, '../lifecycle/lifecycle.service.js'));
const { RpcMetrics } = require(path.resolve(RPC, '../../../metrics/src/metrics.js'));

const CALLS = Math.round(option('rpc-transports', 'calls', 1_000));
const IN_FLIGHT = Math.round(option('rpc-transports', 'inflight', 64));
const RABBITMQ_URL = process.env.RABBITMQ_URL || 'amqp://guest:guest@127.0.0.1:5672';
const PAYLOAD = { sku: 'APP-100-1', quantity: 2, note: 'x'.repeat(200) };

function rpcWork() {
  const histogram = new Histogram({
    name: `bench_rpc_${randomUUID().slice(0, 8)}`,
    help: 'bench',
    labelNames: ['pattern', 'outcome'],
    registers: [],
  });
  return new RpcWork(new LifecycleService(), new RpcMetrics(histogram), { LOG_REQUESTS: false });
}

const echo = async (envelope) => envelope.data;

async function tcpTarget() {
  const server = new PlatformTcpServer(
    { host: '127.0.0.1', port: 0, socketClass: CoalescingJsonSocket },
    rpcWork(),
  );
  server.addHandler('bench.echo', echo);
  await new Promise((resolve, reject) => server.listen((error) => (error ? reject(error) : resolve())));
  const { port } = server.unwrap().address();
  const client = new RpcClient('catalog', new PlatformTcpClient({ host: '127.0.0.1', port }), 10_000);
  return { name: 'Nest TCP', client, close: async () => (await client.close(), server.close()) };
}

async function rabbitTarget() {
  const queue = `rpc.bench-${randomUUID().slice(0, 8)}`;
  const server = new RabbitMqRpcServer(
    { url: RABBITMQ_URL, queue, prefetch: IN_FLIGHT, connectionName: 'bench-rpc-server' },
    rpcWork(),
  );
  server.addHandler('bench.echo', echo);
  server.listen(() => undefined);
  const deadline = Date.now() + 10_000;
  while (!server.consuming) {
    if (Date.now() > deadline) throw new Error(`no consumer on ${queue} at ${RABBITMQ_URL} within 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const client = new RpcClient('catalog', new RabbitMqRpcClient({ url: RABBITMQ_URL, queue }), 10_000);
  return {
    name: 'RabbitMQ',
    client,
    close: async () => {
      await client.close();
      await server.close();
      const model = await require('amqplib').connect(RABBITMQ_URL);
      await (await model.createChannel()).deleteQueue(queue);
      await model.close();
    },
  };
}

async function oneAtATime(client, calls) {
  const latencies = [];
  for (let i = 0; i < calls; i += 1) {
    const started = process.hrtime.bigint();
    await client.send('bench.echo', PAYLOAD);
    latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { p50: at(0.5), p99: at(0.99) };
}

async function manyInFlight(client, calls, inFlight) {
  let next = 0;
  const started = process.hrtime.bigint();
  const worker = async () => {
    while (next < calls) {
      next += 1;
      await client.send('bench.echo', PAYLOAD);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return calls / (Number(process.hrtime.bigint() - started) / 1e9);
}

async function measure(target) {
  await oneAtATime(target.client, Math.min(500, CALLS)); // warm-up
  const latency = await oneAtATime(target.client, CALLS);
  const rate = await manyInFlight(target.client, CALLS * 5, IN_FLIGHT);
  return { name: target.name, ...latency, rate };
}

async function main() {
  const results = [];
  for (const start of [tcpTarget, rabbitTarget]) {
    const target = await start();
    try {
      results.push(await measure(target));
    } finally {
      await target.close();
    }
  }
  const cpus = os.cpus();
  console.log(
    `bench/rpc-transports: ${CALLS} calls one at a time (after a warm-up), then ${CALLS * 5} with ${IN_FLIGHT} in flight`,
  );
  console.log(
    `machine: ${cpus.length} cores, ${cpus[0]?.model.trim() ?? 'unknown CPU'}, node ${process.version}; client, servers and broker on the same cores`,
  );
  console.log('');
  console.log('transport   p50 ms  p99 ms   calls/s');
  for (const r of results) {
    console.log(
      `${r.name.padEnd(10)} ${r.p50.toFixed(2).padStart(7)} ${r.p99.toFixed(2).padStart(7)} ${Math.round(r.rate).toString().padStart(9)}`,
    );
  }
  const [tcp, rabbit] = results;
  console.log('');
  console.log(
    `RabbitMQ / TCP: p50 x${(rabbit.p50 / tcp.p50).toFixed(1)}, throughput x${(rabbit.rate / tcp.rate).toFixed(2)}`,
  );
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
