#!/usr/bin/env node
// bench/checkout: what durability costs. Concurrent shoppers place orders over orders' RPC (`orders.checkout`),
// each timed from the call to the order reaching CONFIRMED: the persisted saga (orders) reserves stock over gRPC
// (inventory), authorizes and captures through payments (its own database) at psp-sandbox over HTTP, commits the
// stock, every step written with its log entry and outbox event. In the same run, alternating round by round:
// (bare) a script with no persistence of its own making the three calls in sequence (Reserve over gRPC on the same
// inventory, an authorization at the same psp-sandbox over HTTP, Commit over gRPC), and (calls) the saga's own
// remote calls in sequence without the saga (catalog's price, Reserve, payments' authorize, list and capture,
// Commit), which splits the cost between the saga and payments. Prints checkouts/s, p50/p99 time to confirmation,
// the ratios, CPU per checkout of each process, and PostgreSQL's transactions, rows and WAL per checkout.
// A measurement, not a test: exits 0 whatever the figures, non-zero only when something failed.
//
// Usage: npm run bench:checkout [-- --duration 10 --warmup 3 --connections 50 --rounds 2 --products 50
//        --latency 0 --tick-ms 5 --async-commit]   (connections = concurrent shoppers; --latency N: the sandbox
//        answers each call N ms late; --async-commit: commits do not wait for the disk, to price the flushes)
'use strict';

const path = require('node:path');
const { randomUUID } = require('node:crypto');
const { ClientProxyFactory, Transport } = require('@nestjs/microservices');
const { Client } = require('pg');
const { progress, runBench, stopEntry } = require('./lib/children');
const { checkoutWorkloads, rpc } = require('./lib/checkout-work');
const { inventoryClients, measureWork, unary } = require('./lib/grpc-load');
const { latencyRecorder } = require('./lib/load');
const { loadOptions, option } = require('./lib/options');
const { orderWatcher } = require('./lib/order-watch');
const { perUnit, pgActivity } = require('./lib/pg-activity');
const { startPlatform } = require('./lib/platform');
const { finish, header, printResults } = require('./lib/report');

const CONTRACTS = path.join(__dirname, '..', 'dist', 'scripts', 'libs', 'contracts', 'src', 'index.js');
const BENCH = 'checkout';
const ROUNDS = Math.round(option(BENCH, 'rounds', 2));
/** Orders spread over this many products (one line of one unit each, in turn). */
const PRODUCT_COUNT = Math.round(option(BENCH, 'products', 50));
/** How often the bench looks for ended orders; it delays when the bench learns of one, not the time reported. */
const TICK_MS = option(BENCH, 'tick-ms', 5);
/** The sandbox's answer delay, none by default. */
const LATENCY_MS = latencyOption();
/**
 * `--async-commit`: every service's sessions commit without waiting for the WAL to reach the disk
 * (`synchronous_commit=off` through libpq's PGOPTIONS, which node-postgres reads), to see how much of the cost is
 * the flushes rather than the work. Not durable: a measurement only.
 */
const ASYNC_COMMIT = process.argv.includes('--async-commit');
const STOCK = 1_000_000;
const CLIENTS = 10;
const ORDER_TIMEOUT_MS = 60_000;
const TARGETS = {
  checkout: 'checkout: orders.checkout -> CONFIRMED',
  calls: "(calls) the saga's calls, no saga",
  bare: '(bare) Reserve, authorize, Commit',
};
const load = loadOptions(BENCH);

async function main() {
  const contracts = require(CONTRACTS);
  const lines = header(BENCH, load, 'target').map((line) =>
    line.replace('connections', 'concurrent shoppers'),
  );
  lines.push(
    `each unit: one order of 1 unit of one of ${PRODUCT_COUNT} products (in turn), ${STOCK.toLocaleString('en')} in stock each; approved test card; psp-sandbox latency ${LATENCY_MS} ms, no failures`,
    `checkout, (calls) and (bare) alternate, ${ROUNDS} round(s) each, then each once with 1 shopper; RPC over ${CLIENTS} Nest TCP connections per service, gRPC over ${CLIENTS} channels`,
    `commits: ${ASYNC_COMMIT ? 'synchronous_commit=off in every service (--async-commit): not durable' : 'durable (PostgreSQL defaults: each commit waits for its WAL flush)'}`,
  );
  progress('starting the platform (launcher, embedded PostgreSQL, every service)...');
  const platform = await startPlatform(ASYNC_COMMIT ? { PGOPTIONS: '-c synchronous_commit=off' } : {});
  const psp = `http://127.0.0.1:${platform.env.PSP_SANDBOX_HTTP_PORT}`;
  await putFaults(psp, {
    failureRate: 0,
    latencyMs: LATENCY_MS,
    latencyJitterMs: 0,
    outage: 'none',
    lostResponseRate: 0,
  });
  const channels = await openChannels(platform.env);
  const products = await stockedProducts(channels[0], contracts);
  const watcher = orderWatcher(platform.databaseUrl('orders'), {
    tickMs: TICK_MS,
    timeoutMs: ORDER_TIMEOUT_MS,
  });
  const activity = await pgActivity(platform.databaseUrl('postgres'));
  const shoppers = await registeredShoppers(platform, contracts, load.connections);
  const measured = { fromMs: Infinity, confirmedIn: latencyRecorder() };
  const workloads = checkoutWorkloads({ contracts, products, psp, watcher, shoppers, measured });
  const servers = {
    orders: platform.pids.orders,
    payments: platform.pids.payments,
    inventory: platform.pids.inventory,
    catalog: platform.pids.catalog,
    'psp-sandbox': platform.pids['psp-sandbox'],
    // The confirmation email: part of what a checkout costs.
    notifications: platform.pids.notifications,
  };
  const postgres = () => ({ postgres: platform.postgresPids() });

  /** One target measured: its row, with PostgreSQL's work per unit and, for checkout, the database's times. */
  const measure = async (key, label, targetLoad) => {
    let before;
    let watcherQueries = 0;
    measured.fromMs = Infinity;
    measured.confirmedIn = latencyRecorder();
    const result = await measureWork(label, channels, workloads[key], targetLoad, servers, postgres, {
      beforeMeasured: async () => {
        before = await activity.snapshot();
        watcherQueries = watcher.queries();
        measured.fromMs = Date.now();
      },
    });
    result.database = perUnit(before, await activity.snapshot(), result.units);
    // The bench's own reads of orders' database are not orders' work.
    result.watcherQueries = (watcher.queries() - watcherQueries) / result.units;
    result.database.databases.orders.xacts -= result.watcherQueries;
    if (key === 'checkout') {
      result.seen = { p50: result.p50, p99: result.p99 };
      result.p50 = measured.confirmedIn.percentile(50);
      result.p99 = measured.confirmedIn.percentile(99);
    }
    return { target: label, ...result };
  };

  const rows = [];
  const results = { checkout: [], calls: [], bare: [] };
  for (let round = 1; round <= ROUNDS; round++) {
    for (const [key, label] of Object.entries(TARGETS)) {
      const row = await measure(key, `${label} #${round}`, load);
      results[key].push(row);
      rows.push(row);
    }
  }
  // One shopper: the time each path takes with nothing queued in front of it.
  const alone = {};
  for (const [key, label] of Object.entries(TARGETS)) {
    alone[key] = [await measure(key, `${label}, 1 shopper`, { ...load, connections: 1 })];
    rows.push(alone[key][0]);
  }

  await watcher.stop();
  await activity.close();
  await Promise.all(
    channels.flatMap(({ orders, payments, catalog }) => [orders, payments, catalog].map((c) => c.close())),
  );
  channels.forEach(({ inventory }) => inventory.close());
  progress('stopping the platform...');
  await stopEntry(platform.entry);

  printResults(lines, rows);
  console.log(
    '(req/s is checkouts per second; p50/p99 the time from the call to CONFIRMED as the confirming transaction has it, or to the last answer)',
  );
  printBreakdown(results, [...Object.keys(servers), 'postgres']);
  printSeen(rows);
  console.log('');
  printRatios(results, `${load.connections} shoppers`);
  printRatios(alone, '1 shopper');
  finish(platform, rows);
}

/** Per channel: a Nest TCP client to orders, payments and catalog each, and a gRPC client to inventory. */
async function openChannels(env) {
  const tcp = (service) =>
    ClientProxyFactory.create({
      transport: Transport.TCP,
      options: { host: '127.0.0.1', port: Number(env[`${service.toUpperCase()}_RPC_PORT`]) },
    });
  const channels = inventoryClients(`127.0.0.1:${env.INVENTORY_RPC_PORT}`).map((inventory) => ({
    inventory,
    orders: tcp('orders'),
    payments: tcp('payments'),
    catalog: tcp('catalog'),
  }));
  await Promise.all(
    channels.flatMap(({ orders, payments, catalog }) => [orders, payments, catalog].map((c) => c.connect())),
  );
  return channels;
}

/**
 * Real accounts, registered through identity, so that notifications knows each shopper's address (from the
 * registration event) by the time their orders confirm: each confirmation is one email sent, as in production,
 * rather than an event retried for an unknown address.
 */
async function registeredShoppers(platform, contracts, count) {
  const identity = ClientProxyFactory.create({
    transport: Transport.TCP,
    options: { host: '127.0.0.1', port: Number(platform.env.IDENTITY_RPC_PORT) },
  });
  await identity.connect();
  const shoppers = [];
  for (let i = 0; i < count; i += 1) {
    const user = await rpc(identity, contracts.IDENTITY_PATTERNS.register, {
      email: `bench-shopper-${randomUUID().slice(0, 8)}@example.com`,
      displayName: `Bench shopper ${i + 1}`,
      password: 'a bench shopper passphrase',
    });
    shoppers.push({ userId: user.id, roles: ['customer'] });
  }
  identity.close();
  const notifications = new Client({ connectionString: platform.databaseUrl('notifications') });
  await notifications.connect();
  try {
    const ids = shoppers.map((shopper) => shopper.userId);
    for (const deadline = Date.now() + 60_000; ;) {
      const { rows } = await notifications.query(
        'SELECT count(*)::int AS known FROM recipient WHERE user_id = ANY($1)',
        [ids],
      );
      if (rows[0].known === ids.length) break;
      if (Date.now() > deadline)
        throw new Error(`notifications knows ${rows[0].known} of ${ids.length} shoppers`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await notifications.end();
  }
  return shoppers;
}

async function putFaults(psp, faults) {
  const response = await fetch(`${psp}/v1/sandbox/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(faults),
  });
  if (response.status !== 200) throw new Error(`psp-sandbox faults answered ${response.status}`);
}

/** The demo catalog's first products in a currency the provider takes, each given enough stock to never run out. */
async function stockedProducts(channel, contracts) {
  const { items } = await rpc(channel.catalog, contracts.CATALOG_PATTERNS.listProducts, {
    limit: contracts.CATALOG_LIMITS.pageSizeMax,
  });
  const products = items
    .filter((product) => contracts.PSP_SANDBOX_LIMITS.currencies.includes(product.price.currency))
    .slice(0, PRODUCT_COUNT);
  if (products.length < PRODUCT_COUNT)
    throw new Error(
      `the catalog has ${products.length} products the provider can charge, not ${PRODUCT_COUNT}`,
    );
  for (const { sku } of products)
    await unary(channel.inventory, 'AdjustStock', { sku, setOnHand: STOCK, reason: 'bench' });
  return products;
}

/** Per target: CPU per unit of each process, and PostgreSQL's work per unit. */
function printBreakdown(results, names) {
  console.log('');
  console.log('per unit, mean of the rounds:');
  for (const [key, list] of Object.entries(results)) {
    const cpu = names
      .map(
        (name) => `${name} ${mean(list.map((r) => ((r.cpuSeconds[name] ?? 0) / r.units) * 1e3)).toFixed(2)}`,
      )
      .join(', ');
    console.log(`  ${key.padEnd(8)} CPU ms: ${cpu}`);
    const databases = Object.keys(list[0].database.databases).filter((name) =>
      list.some((r) => r.database.databases[name].xacts >= 0.05),
    );
    const db = databases
      .map((name) => {
        const xacts = mean(list.map((r) => r.database.databases[name].xacts)).toFixed(1);
        const written = mean(list.map((r) => r.database.databases[name].written)).toFixed(1);
        return `${name} ${xacts}/${written}`;
      })
      .join(', ');
    console.log(`  ${''.padEnd(8)} transactions/rows written: ${db}`);
    const wal = mean(list.map((r) => r.database.walBytes / 1024)).toFixed(1);
    const fsyncs =
      list[0].database.walFsyncs === undefined
        ? 'n/a'
        : mean(list.map((r) => r.database.walFsyncs)).toFixed(2);
    console.log(`  ${''.padEnd(8)} WAL: ${wal} kB, ${fsyncs} fsyncs`);
  }
}

/** The checkout rows' times as the bench itself saw the orders end: the watcher's tick and its query added. */
function printSeen(rows) {
  const seen = rows
    .filter((row) => row.seen)
    .map((row) => `${row.seen.p50.toFixed(1)}/${row.seen.p99.toFixed(1)}`);
  const queries = rows.filter((row) => row.seen).map((row) => row.watcherQueries.toFixed(1));
  console.log(
    `checkout: time to CONFIRMED as the bench saw it (a ${TICK_MS} ms tick), p50/p99 ms per checkout row: ${seen.join(', ')}`,
  );
  console.log(
    `  the bench's reads of orders' database per checkout (left out of orders' transactions above; their CPU is in postgres's): ${queries.join(', ')}`,
  );
}

/** Durable / bare (and the split through (calls)) per round: throughput, p50, p99. */
function printRatios({ checkout, calls, bare }, what) {
  const ratio = (a, b, field) =>
    range(
      a.map((r, i) => r[field] / b[i][field]),
      3,
    );
  for (const [name, a, b] of [
    ['checkout/(bare)', checkout, bare],
    ['checkout/(calls)', checkout, calls],
    ['(calls)/(bare)', calls, bare],
  ]) {
    console.log(
      `ratio ${name.padEnd(16)} ${what}, per round: throughput ${ratio(a, b, 'rps')}, p50 ${ratio(a, b, 'p50')}, p99 ${ratio(a, b, 'p99')}`,
    );
  }
}

/** `--latency N`, `--latency=N` or BENCH_LATENCY: whole milliseconds, 0 to 60,000 (the sandbox's bounds). */
function latencyOption() {
  const args = process.argv.slice(2);
  const index = args.indexOf('--latency');
  const inline = args.find((arg) => arg.startsWith('--latency='));
  const raw =
    index >= 0 ? args[index + 1] : (inline?.slice('--latency='.length) ?? process.env.BENCH_LATENCY ?? '0');
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 60_000) {
    console.error(
      `bench/${BENCH}: --latency must be whole milliseconds, 0 to 60000 (got ${JSON.stringify(raw)})`,
    );
    process.exit(2);
  }
  return value;
}

const mean = (values) => values.reduce((sum, v) => sum + v, 0) / values.length;
function range(values, digits) {
  const low = Math.min(...values).toFixed(digits);
  const high = Math.max(...values).toFixed(digits);
  return low === high ? low : `${low}–${high}`;
}

runBench(BENCH, main);
