#!/usr/bin/env node
// bench/json-depth: what the platform's nesting-depth check adds to parsing a JSON request body. In one process,
// Fastify's own JSON parser (the baseline) and the platform's parser (the depth check, then the same parser),
// on the bodies the API takes and on larger ones, alternating rounds so both see the same machine. The ratio
// platform/baseline of the time per body should stay near 1.
// A measurement, not a test: exits 0 whatever the ratio.
//
// Usage: npm run bench:json-depth [-- --rounds 20]   (run `npm run build` first when calling node directly)
'use strict';

const path = require('node:path');
const fastify = require('fastify');

const { JSON_MAX_DEPTH, nestsDeeperThan } = require(
  path.join(__dirname, '..', 'dist', 'apps', 'gateway', 'libs', 'platform', 'src', 'http', 'json-body.js'),
);

const roundsArg = process.argv.indexOf('--rounds');
const ROUNDS = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 20;
/** Each round parses for about this long per parser and body. */
const ROUND_MS = 50;

const product = {
  sku: 'APP-900-1',
  name: 'Waxed Canvas Tote',
  description: 'Water-resistant waxed cotton with leather handles.',
  priceMinor: 5900,
  currency: 'EUR',
  category: 'apparel',
};
const BODIES = {
  'login (63 B)': { email: 'ada@example.com', password: 'correct horse battery' },
  'product (~190 B)': product,
  'product, 4 kB description': { ...product, description: 'Waxed [canvas] {tote} "bag". '.repeat(140) },
  'list of 500 objects (~60 kB)': {
    items: Array.from({ length: 500 }, (_, i) => ({ i, sku: `A-${i}`, tags: ['x'] })),
  },
};

const defaultParser = fastify().getDefaultJsonParser('error', 'error');
const parseWith = (body, check) =>
  new Promise((resolve, reject) => {
    if (check && nestsDeeperThan(body, JSON_MAX_DEPTH)) return resolve('refused');
    defaultParser(undefined, body.toString('utf8'), (error, value) =>
      error ? reject(error) : resolve(value),
    );
  });

/** Mean nanoseconds per parse over about ROUND_MS of repeated parses. */
async function timePerParse(body, check) {
  let count = 0;
  const start = process.hrtime.bigint();
  const until = start + BigInt(ROUND_MS) * 1_000_000n;
  let now = start;
  while (now < until) {
    for (let i = 0; i < 100; i += 1) await parseWith(body, check);
    count += 100;
    now = process.hrtime.bigint();
  }
  return Number(now - start) / count;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main() {
  console.log(
    `json-depth: Fastify's JSON parser alone vs the platform's (depth check <= ${JSON_MAX_DEPTH}, then`,
  );
  console.log(
    `the same parser); median of ${ROUNDS} alternating rounds of ~${ROUND_MS} ms each, Node ${process.version}\n`,
  );
  const rows = [['body', 'baseline ns', 'platform ns', 'platform/baseline']];
  for (const [name, value] of Object.entries(BODIES)) {
    const body = Buffer.from(JSON.stringify(value), 'utf8');
    const baseline = [];
    const platform = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      baseline.push(await timePerParse(body, false));
      platform.push(await timePerParse(body, true));
    }
    const [b, p] = [median(baseline), median(platform)];
    rows.push([`${name}, ${body.length} B`, b.toFixed(0), p.toFixed(0), (p / b).toFixed(3)]);
  }
  const deep = Buffer.from('['.repeat(20_000) + ']'.repeat(20_000));
  const [parses, refusals] = [[], []];
  for (let round = 0; round < 5; round += 1) {
    parses.push(await timePerParse(deep, false));
    refusals.push(await timePerParse(deep, true));
  }
  const [parse, refuse] = [median(parses), median(refusals)];
  rows.push([
    '20,000 levels deep (refused), 40000 B',
    parse.toFixed(0),
    refuse.toFixed(0),
    (refuse / parse).toFixed(3),
  ]);
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  for (const row of rows) console.log(row.map((cell, column) => cell.padEnd(widths[column])).join('  '));
  console.log(
    '\nbaseline: parse only; platform: depth check, then parse (the deep body: refused before parsing).',
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
