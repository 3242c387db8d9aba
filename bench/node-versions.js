#!/usr/bin/env node
// bench/node-versions: the same platform on two Node versions, alternately in one run: this Node (the one that
// runs the bench) and another one (Node 24 by default, fetched from npm's `node` package when --node is not
// given). Per round and version: seconds from starting the launcher to every service ready (a first start: a
// fresh home, so PostgreSQL's initdb, the migrations and the demo seed are included), RSS of each process
// after 10 s idle, then the catalog read (GET /api/v1/products/:id through the gateway) under load.
// Prints each round, then the medians and the ratio of the other Node to this one.
// A measurement, not a test: exits 0 whatever the ratios, non-zero only when something failed.
//
// Usage: npm run bench:node-versions [-- --node /path/to/node --rounds 2 --duration 10 --connections 50]
//        (or BENCH_NODE, BENCH_ROUNDS, BENCH_DURATION, BENCH_WARMUP, BENCH_CONNECTIONS)
'use strict';

const { execFileSync } = require('node:child_process');
const { progress, runBench, stopEntry } = require('./lib/children');
const { getOk } = require('./lib/http');
const { measure, settle } = require('./lib/load');
const { loadOptions, option } = require('./lib/options');
const { startPlatform } = require('./lib/platform');
const { rssMb } = require('./lib/processes');
const { header } = require('./lib/report');

/** The other Node when none is named: the newest Node 24 of npm's `node` package this project was tried on. */
const DEFAULT_OTHER = 'node@24.21.0';
const IDLE_MS = 10_000;

const load = loadOptions('node-versions');
const rounds = Math.round(option('node-versions', 'rounds', 2));

function otherNode() {
  const args = process.argv.slice(2);
  const index = args.indexOf('--node');
  const named =
    index >= 0
      ? args[index + 1]
      : (args.find((a) => a.startsWith('--node='))?.slice(7) ?? process.env.BENCH_NODE);
  if (named) return named;
  progress(`no --node given: fetching ${DEFAULT_OTHER} through npx (cached after the first time)...`);
  return execFileSync('npx', ['-y', DEFAULT_OTHER, '-p', 'process.execPath'], { encoding: 'utf8' }).trim();
}

const versionOf = (node) => execFileSync(node, ['-p', 'process.version'], { encoding: 'utf8' }).trim();

async function oneRound(node) {
  const platform = await startPlatform({}, { node });
  try {
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    const idle = Object.fromEntries(Object.entries(platform.pids).map(([name, pid]) => [name, rssMb(pid)]));
    idle.launcher = rssMb(platform.launcherPid);
    const list = JSON.parse((await getOk(`${platform.url}/api/v1/products?limit=1`)).body.toString('utf8'));
    if (!list.items?.length) throw new Error('the catalog has no products (CATALOG_SEED should load them)');
    const read = await measure(
      'catalog read',
      { url: `${platform.url}/api/v1/products/${list.items[0].id}` },
      load,
      { gateway: platform.pids.gateway, catalog: platform.pids.catalog },
    );
    if (read.failures > 0)
      throw new Error(`${read.failures} failed requests under load: figures are not valid`);
    await settle();
    return { readyS: platform.startMs / 1000, idle, rps: read.rps, p99: read.p99 };
  } finally {
    progress('stopping the platform...');
    await stopEntry(platform.entry);
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

async function main() {
  const nodes = [
    { label: `this (${process.version})`, path: process.execPath },
    { label: '', path: otherNode() },
  ];
  nodes[1].label = `other (${versionOf(nodes[1].path)})`;
  const lines = header('node-versions', load, 'catalog read');
  const results = nodes.map(() => []);
  for (let round = 1; round <= rounds; round++) {
    // Alternating, and in the opposite order every other round, so neither version always runs first.
    const order = round % 2 ? [0, 1] : [1, 0];
    for (const index of order) {
      progress(`round ${round}/${rounds}: the platform on ${nodes[index].label}...`);
      results[index].push(await oneRound(nodes[index].path));
    }
  }

  console.log(lines.join('\n'));
  console.log(`rounds: ${rounds}, alternating; RSS after ${IDLE_MS / 1000} s idle, before the load\n`);
  const services = Object.keys(results[0][0].idle);
  for (const [index, node] of nodes.entries()) {
    for (const [round, r] of results[index].entries()) {
      const rss = services.map((s) => `${s} ${r.idle[s]}`).join(', ');
      console.log(
        `${node.label} round ${round + 1}: ready ${r.readyS.toFixed(1)} s, ${Math.round(r.rps)} req/s, ` +
          `p99 ${r.p99.toFixed(2)} ms; RSS MB ${rss}`,
      );
    }
  }
  const summary = results.map((rs) => ({
    readyS: median(rs.map((r) => r.readyS)),
    rps: median(rs.map((r) => r.rps)),
    p99: median(rs.map((r) => r.p99)),
    rss: median(rs.map((r) => services.reduce((sum, s) => sum + r.idle[s], 0))),
  }));
  console.log('\nmedians:');
  for (const [index, node] of nodes.entries()) {
    const s = summary[index];
    console.log(
      `  ${node.label.padEnd(22)} ready ${s.readyS.toFixed(1)} s, ${Math.round(s.rps)} req/s, ` +
        `p99 ${s.p99.toFixed(2)} ms, idle RSS of all processes ${Math.round(s.rss)} MB`,
    );
  }
  const [base, other] = summary;
  console.log(
    `ratio other/this: req/s ${(other.rps / base.rps).toFixed(3)}, p99 ${(other.p99 / base.p99).toFixed(3)}, ` +
      `ready time ${(other.readyS / base.readyS).toFixed(3)}, idle RSS ${(other.rss / base.rss).toFixed(3)}`,
  );
}

runBench('node-versions', main);
