#!/usr/bin/env node
// bench/payments: authorizations through the payments service (Nest TCP RPC, validation, its database, the
// provider call through the circuit breaker, the result and its event written in one transaction) against, in the
// same run, the same authorizations sent straight to psp-sandbox with bare `fetch` (the floor: the provider's own
// cost), alternating round by round. Then the time payments takes to answer while the breaker is open. A
// measurement, not a test: exits 0 whatever the figures, non-zero only when something failed.
//
// Usage: npm run bench:payments [-- --duration 10 --warmup 3 --connections 50 --rounds 2]
//        (connections = concurrent callers)
'use strict';

const { randomUUID } = require('node:crypto');
const { ClientProxyFactory, Transport } = require('@nestjs/microservices');
const { lastValueFrom } = require('rxjs');
const { progress, runBench, stopEntry } = require('./lib/children');
const { measureWork } = require('./lib/grpc-load');
const { loadOptions, option } = require('./lib/options');
const { startPlatform } = require('./lib/platform');
const { finish, header, printResults } = require('./lib/report');

const ROUNDS = Math.round(option('payments', 'rounds', 2));
const OPEN_P99_TARGET_MS = 2;
const CLIENTS = 10;
const load = loadOptions('payments');

/** One authorization of a fresh order, as the orders saga asks for it. */
function authorizeThroughPayments(client) {
  const orderId = `bench-${randomUUID()}`;
  const data = {
    orderId,
    amount: 1999,
    currency: 'EUR',
    cardToken: 'tok_approved',
    idempotencyKey: `${orderId}:authorize`,
  };
  return lastValueFrom(client.send('payments.authorize', { meta: { requestId: randomUUID() }, data }));
}

async function main() {
  const lines = header('payments', load, 'target');
  lines.push(
    `each unit: one authorization of a fresh order (its own idempotency key) for 19.99 EUR with an approved test card; ${CLIENTS} RPC connections`,
    `payments and bare fetch alternate, ${ROUNDS} round(s) each; then the breaker is opened (provider down) and payments is measured while it is open`,
  );
  progress('starting the platform (launcher, embedded PostgreSQL, every service)...');
  // The breaker, once opened for the last part, stays open while it is measured.
  const platform = await startPlatform({ PAYMENTS_BREAKER_RESET_MS: '600000' });
  const psp = `http://127.0.0.1:${platform.env.PSP_SANDBOX_HTTP_PORT}`;
  const clients = Array.from({ length: CLIENTS }, () =>
    ClientProxyFactory.create({
      transport: Transport.TCP,
      options: { host: '127.0.0.1', port: Number(platform.env.PAYMENTS_RPC_PORT) },
    }),
  );
  await Promise.all(clients.map((client) => client.connect()));
  const postgres = () => ({ postgres: platform.postgresPids() });
  const servers = { payments: platform.pids.payments, 'psp-sandbox': platform.pids['psp-sandbox'] };

  const throughPayments = async (client) => {
    const payment = await authorizeThroughPayments(client);
    if (payment.status !== 'AUTHORIZED') throw new Error(`payments answered ${payment.status}`);
  };
  const bareFetch = async () => {
    const response = await fetch(`${psp}/v1/authorizations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({ amount: 1999, currency: 'EUR', cardToken: 'tok_approved', reference: 'bench' }),
    });
    const body = await response.json();
    if (response.status !== 201 || body.status !== 'authorized')
      throw new Error(`psp answered ${response.status}`);
  };

  const rows = [];
  const results = { payments: [], bare: [] };
  for (let round = 1; round <= ROUNDS; round++) {
    const viaPayments = await measureWork(
      `payments #${round}`,
      clients,
      throughPayments,
      load,
      servers,
      postgres,
    );
    results.payments.push(viaPayments);
    rows.push({ target: `payments.authorize over Nest TCP #${round}`, ...viaPayments });
    const bare = await measureWork(`bare fetch #${round}`, clients, bareFetch, load, servers, postgres);
    results.bare.push(bare);
    rows.push({ target: `bare fetch to psp-sandbox #${round}`, ...bare });
  }

  progress('opening the breaker: the provider drops every connection...');
  await fetch(`${psp}/v1/sandbox/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ outage: 'reset' }),
  });
  const refusedWhileOpen = async (client) => {
    try {
      await authorizeThroughPayments(client);
    } catch (error) {
      if (error.code === 'PAYMENT_PROVIDER_UNAVAILABLE' && error.details?.breakerOpen) return;
      throw error;
    }
    throw new Error('an authorization succeeded with the provider down');
  };
  for (let i = 0; i < 100; i++) {
    try {
      await refusedWhileOpen(clients[0]);
      break;
    } catch {
      // a failure that is not yet a refusal: the breaker is still counting
    }
  }
  const oneCaller = { ...load, connections: 1 };
  // The floor for the answer while open: the same RPC round trip to payments with no work behind it.
  const ping = (client) =>
    lastValueFrom(client.send('platform.ping', { meta: { requestId: randomUUID() }, data: {} }));
  const pingAlone = await measureWork('platform.ping, 1 caller', clients, ping, oneCaller, servers, postgres);
  rows.push({ target: 'platform.ping (the RPC floor), 1 caller', ...pingAlone });
  const openAlone = await measureWork(
    'breaker open, 1 caller',
    clients,
    refusedWhileOpen,
    oneCaller,
    servers,
    postgres,
  );
  rows.push({ target: 'payments.authorize, breaker open, 1 caller', ...openAlone });
  const openLoaded = await measureWork('breaker open', clients, refusedWhileOpen, load, servers, postgres);
  rows.push({ target: `payments.authorize, breaker open, ${load.connections} callers`, ...openLoaded });

  await Promise.all(clients.map((client) => client.close()));
  progress('stopping the platform...');
  await stopEntry(platform.entry);

  printResults(lines, rows);
  console.log('');
  const ratios = results.payments.map((r, i) => r.rps / results.bare[i].rps);
  const cpuPer = (r, name) => ((r.cpuSeconds[name] ?? 0) / r.units) * 1e6;
  for (const [name, list] of Object.entries(results)) {
    const per = list.map((r) => `${cpuPer(r, 'payments').toFixed(0)}/${cpuPer(r, 'psp-sandbox').toFixed(0)}`);
    console.log(`CPU per authorization, µs (payments/psp-sandbox), ${name}: ${per.join(', ')}`);
  }
  console.log(`ratio payments/(bare fetch) authorizations/s, per round: ${range(ratios, 3)}`);
  console.log(
    `target: answer while the breaker is open, p99 <= ${OPEN_P99_TARGET_MS} ms (1 caller): ${
      openAlone.p99 <= OPEN_P99_TARGET_MS ? 'PASS' : 'ABOVE'
    } (${openAlone.p99.toFixed(2)} ms; p50 ${openAlone.p50.toFixed(2)} ms; with ${load.connections} callers p99 ${openLoaded.p99.toFixed(2)} ms)`,
  );
  console.log(
    `the RPC floor, platform.ping with 1 caller: p50 ${pingAlone.p50.toFixed(2)} ms, p99 ${pingAlone.p99.toFixed(2)} ms (open/ping p99 ${(openAlone.p99 / pingAlone.p99).toFixed(2)})`,
  );
  finish(platform, rows);
}

function range(values, digits) {
  const low = Math.min(...values).toFixed(digits);
  const high = Math.max(...values).toFixed(digits);
  return low === high ? low : `${low}–${high}`;
}

runBench('payments', main);
