#!/usr/bin/env node
// bench/auth-overhead: what verifying a bearer token costs. On one platform run, the same
// GET /api/v1/products/:id without Authorization and with a valid access token, one after the other, under the
// same load. The gateway verifies tokens itself (RS256 against cached public keys, verified tokens remembered
// until they expire), so the ratio authenticated/anonymous should stay near 1.
// A measurement, not a test: exits 0 whatever the ratio, non-zero only when something failed.
//
// Usage: npm run bench:auth-overhead [-- --duration 10 --warmup 3 --connections 50]
'use strict';

const { progress, runBench, stopEntry } = require('./lib/children');
const { expectStatus, getOk, postJson } = require('./lib/http');
const { measure, settle } = require('./lib/load');
const { loadOptions } = require('./lib/options');
const { startPlatform } = require('./lib/platform');
const { finish, header, printResults, printTarget } = require('./lib/report');

const TARGET = 0.85;
// A customer: admins get fresh stock counts on every read, which would measure inventory, not authentication.
const ACCOUNT = { email: 'bench@bazaar.test', password: 'bench customer passphrase' };
const load = loadOptions('auth-overhead');

async function main() {
  const lines = header('auth-overhead', load, 'variant');
  progress('starting the platform (launcher, embedded PostgreSQL, identity, catalog, gateway)...');
  const platform = await startPlatform();
  await postJson(`${platform.url}/api/v1/auth/register`, { ...ACCOUNT, displayName: 'Bench' }, 201);
  const { accessToken } = await postJson(`${platform.url}/api/v1/auth/login`, ACCOUNT, 200);
  const list = JSON.parse((await getOk(`${platform.url}/api/v1/products?limit=1`)).body.toString('utf8'));
  if (!list.items?.length) throw new Error('the catalog has no products (CATALOG_SEED should load them)');
  const url = `${platform.url}/api/v1/products/${list.items[0].id}`;
  const authenticated = { authorization: `Bearer ${accessToken}` };

  // The token is really checked: a corrupted one is refused, the real one accepted.
  await expectStatus(url, { headers: { authorization: `Bearer ${accessToken.slice(0, -4)}AAAA` } }, 401);
  await getOk(url, authenticated);
  lines.push(`request: GET /api/v1/products/${list.items[0].id}, anonymous and with an RS256 access token`);

  const servers = { gateway: platform.pids.gateway, catalog: platform.pids.catalog };
  const cpu = () => ({ identity: [platform.pids.identity], postgres: platform.postgresPids() });
  const anonymous = await measure('anonymous', { url }, load, servers, cpu);
  await settle();
  const withToken = await measure('with a bearer token', { url, headers: authenticated }, load, servers, cpu);
  await settle();
  progress('stopping the platform...');
  await stopEntry(platform.entry);

  const rows = [
    { target: 'anonymous', ...anonymous },
    { target: 'Authorization: Bearer <token>', ...withToken },
  ];
  printResults(lines, rows);
  const ratio = withToken.rps / anonymous.rps;
  console.log('');
  console.log(`ratio authenticated/anonymous req/s: ${ratio.toFixed(3)}`);
  printTarget(`authenticated >= ${TARGET} x anonymous`, ratio, TARGET);
  finish(platform, rows);
}

runBench('auth-overhead', main);
