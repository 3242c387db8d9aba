#!/usr/bin/env node
// bench/events: events per second from outbox write to inbox record, end to end through the running platform
// (catalog's outbox -> its relay -> the bus -> inventory's transport -> validation -> inventory's inbox and its
// effect, a stock row), and in the same run the raw bus alone moving the same payloads: pg-boss send -> fetch ->
// complete (PostgreSQL bus), or amqplib publish with confirms -> consume -> ack (RabbitMQ). Prints both, the
// ratio, and the outbox lag when the last event arrived.
// A measurement, not a test: exits 0 whatever the ratio, non-zero only when something failed.
//
// Usage: npm run bench:events [-- --events 5000 --bus postgres|rabbitmq]
//   --bus rabbitmq uses RABBITMQ_URL (default amqp://guest:guest@127.0.0.1:5672).
'use strict';

const os = require('node:os');
const path = require('node:path');
const { randomUUID } = require('node:crypto');
const { Client } = require('pg');
const { progress, runBench, stopEntry } = require('./lib/children');
const { option } = require('./lib/options');
const { startPlatform } = require('./lib/platform');

const ROOT = path.resolve(__dirname, '..');
const EVENTS = Math.round(option('events', 'events', 5_000));
const WARMUP_EVENTS = 500;
const BUS = process.argv.includes('--bus') ? process.argv[process.argv.indexOf('--bus') + 1] : 'postgres';
const RABBITMQ_URL = process.env.RABBITMQ_URL || 'amqp://guest:guest@127.0.0.1:5672';
/** Both paths get the same parallelism: the relay's 16 publishes in flight, 16 deliveries per consumer. */
const CONCURRENCY = 16;
const TYPE = 'catalog.product.created.v1';

async function main() {
  if (!['postgres', 'rabbitmq'].includes(BUS))
    throw new Error(`--bus must be postgres or rabbitmq (got ${BUS})`);
  progress(`starting the platform (events on ${BUS})...`);
  const platform = await startPlatform({
    ...(BUS === 'rabbitmq' ? { RABBITMQ_URL } : {}),
    // The relay is woken in-process by the writer; rows written from outside wait for its poll.
    OUTBOX_POLL_MS: '20',
    EVENT_POLL_MS: '20',
    EVENT_CONCURRENCY: String(CONCURRENCY),
  });
  const { EmbeddedPostgres } = require(
    path.join(ROOT, 'dist/scripts/libs/persistence/src/embedded/embedded-postgres.js'),
  );
  const server = await EmbeddedPostgres.start({
    home: platform.home,
    port: Number(platform.env.BAZAAR_PG_PORT),
  });
  const catalog = await connect(server.url('catalog'));
  const inventory = await connect(server.url('inventory'));

  try {
    progress(`warm-up: ${WARMUP_EVENTS} events end to end...`);
    await endToEnd(catalog, inventory, WARMUP_EVENTS, 'WARM');
    progress(`measuring: ${EVENTS} events end to end...`);
    const e2e = await endToEnd(catalog, inventory, EVENTS, 'BENCH');

    progress(`measuring: the same ${EVENTS} payloads on the raw bus...`);
    const raw = BUS === 'postgres' ? await rawPgBoss(server, EVENTS) : await rawAmqp(RABBITMQ_URL, EVENTS);

    const cpus = os.cpus();
    console.log(
      `bench/events: ${EVENTS} events after ${WARMUP_EVENTS} warm-up, bus ${BUS}, ${CONCURRENCY} in flight per side`,
    );
    console.log(
      `machine: ${cpus.length} cores, ${cpus[0]?.model.trim() ?? 'unknown CPU'}, node ${process.version}; everything on the same cores`,
    );
    console.log('');
    const rows = [
      ['path', 'events', 'seconds', 'events/s'],
      [
        'outbox write -> inbox record (platform)',
        String(e2e.events),
        e2e.seconds.toFixed(2),
        Math.round(e2e.rate).toString(),
      ],
      [
        `raw ${BUS === 'postgres' ? 'pg-boss send -> fetch/complete' : 'amqplib publish+confirm -> consume/ack'}`,
        String(raw.events),
        raw.seconds.toFixed(2),
        Math.round(raw.rate).toString(),
      ],
    ];
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
    for (const [i, row] of rows.entries()) {
      console.log(
        row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '),
      );
      if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
    }
    console.log('');
    console.log(`ratio end-to-end/raw events/s: ${(e2e.rate / raw.rate).toFixed(3)}`);
    console.log(
      `outbox lag: ${e2e.maxLagS.toFixed(2)} s at most during the run; at the end ${e2e.pendingAtEnd} pending, lag ${e2e.lagAtEndS.toFixed(2)} s`,
    );
    console.log(`effects: ${e2e.effects} stock rows created for ${EVENTS} events (one each)`);
    if (e2e.effects !== EVENTS) throw new Error(`expected ${EVENTS} stock rows, found ${e2e.effects}`);
  } finally {
    await catalog.end();
    await inventory.end();
    progress('stopping the platform...');
    await stopEntry(platform.entry);
  }
}

async function connect(url) {
  const client = new Client({ connectionString: url });
  // The platform stops its PostgreSQL at the end: a closed connection is expected then, not a crash.
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

function productCreated(sku) {
  const id = randomUUID();
  return {
    id: randomUUID(),
    type: TYPE,
    occurredAt: new Date().toISOString(),
    producer: 'catalog',
    correlationId: `bench-${id}`,
    aggregateId: id,
    payload: {
      productId: id,
      sku,
      name: `Bench ${sku}`,
      priceMinor: 1_000,
      currency: 'EUR',
      category: 'bench',
    },
  };
}

/** Writes `count` events into catalog's outbox in one transaction, as the outbox API does, and times them home. */
async function endToEnd(catalog, inventory, count, prefix) {
  const run = `${prefix}-${Date.now().toString(36)}`;
  const envelopes = Array.from({ length: count }, (_, i) => productCreated(`${run}-${i}`));
  const before = await inboxCount(inventory);
  const started = process.hrtime.bigint();
  await catalog.query(
    `INSERT INTO outbox (id, type, aggregate_id, envelope, created_at)
     SELECT (e.value->>'id')::uuid, e.value->>'type', e.value->>'aggregateId', e.value, now()
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(value, n) ORDER BY e.n`,
    [JSON.stringify(envelopes)],
  );
  let maxLagS = 0;
  for (;;) {
    const done = (await inboxCount(inventory)) - before;
    const { pending, lag } = await outboxState(catalog);
    maxLagS = Math.max(maxLagS, lag);
    if (done >= count) {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const effects = Number(
        (await inventory.query('SELECT count(*)::int AS n FROM stock WHERE sku LIKE $1', [`${run}-%`]))
          .rows[0].n,
      );
      return {
        events: count,
        seconds,
        rate: count / seconds,
        maxLagS,
        pendingAtEnd: pending,
        lagAtEndS: lag,
        effects,
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function inboxCount(inventory) {
  return Number((await inventory.query('SELECT count(*)::int AS n FROM inbox')).rows[0].n);
}

async function outboxState(catalog) {
  const { rows } = await catalog.query(
    `SELECT count(*)::int AS pending, COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8 AS lag
       FROM outbox WHERE sent_at IS NULL`,
  );
  return { pending: rows[0].pending, lag: rows[0].lag };
}

/** pg-boss alone on the same PostgreSQL server: send each payload, a fetch/complete consumer takes them. */
async function rawPgBoss(server, count) {
  const PgBoss = require('pg-boss');
  await server.ensureDatabase('bench_raw');
  const boss = new PgBoss({
    connectionString: server.url('bench_raw'),
    max: 10,
    supervise: false,
    schedule: false,
  });
  boss.on('error', () => undefined);
  await boss.start();
  const queue = `raw-${Date.now()}`;
  await boss.createQueue(queue);
  const payloads = Array.from({ length: count }, (_, i) => productCreated(`RAW-${i}`));
  const started = process.hrtime.bigint();
  let received = 0;
  const consuming = (async () => {
    while (received < count) {
      const jobs = await boss.fetch(queue, { batchSize: CONCURRENCY });
      if (jobs.length === 0) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        continue;
      }
      await boss.complete(
        queue,
        jobs.map((job) => job.id),
      );
      received += jobs.length;
    }
  })();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) await boss.send(queue, payloads[next++]);
    }),
  );
  await consuming;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await boss.stop({ graceful: false });
  return { events: count, seconds, rate: count / seconds };
}

/** amqplib alone on the same broker: persistent publishes with confirms, a manual-ack consumer. */
async function rawAmqp(url, count) {
  const { connect: amqp } = require('amqplib');
  // Two connections, as in the platform (the producer and the consumer are different processes).
  const publishing = await amqp(url);
  const consuming = await amqp(url);
  for (const connection of [publishing, consuming])
    connection.on('error', (error) => progress(`RabbitMQ connection error: ${error.message}`));
  const publisher = await publishing.createConfirmChannel();
  const consumer = await consuming.createChannel();
  const queue = `bench.raw.${Date.now()}`;
  await publisher.assertQueue(queue, { durable: true });
  await consumer.prefetch(CONCURRENCY);
  const payloads = Array.from({ length: count }, (_, i) => productCreated(`RAW-${i}`));
  const started = process.hrtime.bigint();
  let received = 0;
  const consumed = new Promise((resolve) => {
    void consumer.consume(queue, (message) => {
      JSON.parse(message.content.toString('utf8'));
      consumer.ack(message);
      if (++received === count) resolve();
    });
  });
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        const payload = payloads[next++];
        await new Promise((resolve, reject) =>
          publisher.sendToQueue(queue, Buffer.from(JSON.stringify(payload)), { persistent: true }, (error) =>
            error ? reject(error) : resolve(),
          ),
        );
      }
    }),
  );
  await consumed;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await consumer.close();
  await publisher.deleteQueue(queue);
  await consuming.close();
  await publishing.close();
  return { events: count, seconds, rate: count / seconds };
}

runBench('events', main);
