#!/usr/bin/env node
// bench/boot-split: where one service's start-up CPU goes, split by experiment. The platform runs (embedded
// profile); beside it, one more instance of a service (--service, default catalog) is started again and again on
// free ports, against the same databases, in each of these forms, alternating round by round:
//   build               dist/apps/<service>/.../main.js as `npm start` runs it (the services' Node flags)
//   bundle              the same build bundled into one file by esbuild (node_modules included but the few
//                       packages that read files beside them, nothing minified)
//   bundle + code cache the bundle compiled from a V8 code cache made by an earlier start (vm.Script cachedData)
//   build + compile cache  Node's own module compile cache (NODE_COMPILE_CACHE), only on Node >= 22.1
// and prints per form: time from spawn to /health/ready answering 200, the CPU the process used until then, its
// RSS once settled (--settle s). The bundle and the caches are made in a temporary folder and removed after; the
// build itself is not changed. A measurement for a decision (bench/README.md#boot-split), not a test.
//
// Usage: npm run bench:boot-split [-- --service catalog --rounds 3 --settle 10]
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { progress, runBench, session, stopChild, stopEntry } = require('./lib/children');
const { option } = require('./lib/options');
const { startPlatform } = require('./lib/platform');
const { cpuSeconds, environOf, freePort, rssMb } = require('./lib/processes');
const { printTable } = require('./lib/report');

const ROOT = path.resolve(__dirname, '..');
const SERVICE_FLAGS = require(
  path.join(ROOT, 'dist', 'scripts', 'scripts', 'src', 'launcher', 'service-node-flags.js'),
).SERVICE_NODE_FLAGS;
const { SERVICES, envPrefix } = require(
  path.join(ROOT, 'dist', 'scripts', 'libs', 'contracts', 'src', 'services.js'),
);

const SERVICE = process.argv.includes('--service')
  ? process.argv[process.argv.indexOf('--service') + 1]
  : (process.env.BENCH_SERVICE ?? 'catalog');
const ROUNDS = Math.round(option('boot-split', 'rounds', 3));
const SETTLE_S = option('boot-split', 'settle', 10);
const READY_TIMEOUT_MS = 60_000;
/** Packages Nest and its transports require only when asked for (optional peers): left to `require` at run time. */
const OPTIONAL_PEERS = [
  '@fastify/view',
  '@mikro-orm/core',
  '@nestjs/mongoose',
  '@nestjs/platform-express',
  '@nestjs/sequelize',
  '@nestjs/typeorm',
  '@nestjs/websockets',
  'amqp-connection-manager',
  'class-transformer/storage',
  'kafkajs',
  'mqtt',
  'nats',
];

/** Packages that read files shipped beside them (protos, UI assets) by paths relative to their own modules. */
const READ_OWN_FILES = ['grpc-health-check', '@grpc/reflection', 'swagger-ui-dist'];

/** The entry `nest build` wrote for the service; the bundle goes beside it so that relative paths stay the same. */
const entryOf = (service) => path.join(ROOT, 'dist', 'apps', service, 'apps', service, 'src', 'main.js');

async function bundle(entry, outfile) {
  const esbuild = require('esbuild');
  await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: `node${process.versions.node.split('.')[0]}`,
    format: 'cjs',
    external: [...OPTIONAL_PEERS, ...READ_OWN_FILES].flatMap((name) => [name, `${name}/*`]),
    logLevel: 'error',
  });
}

/**
 * A loader that compiles the bundle with a V8 code cache: the first start writes the cache (at exit, so that it
 * holds the functions compiled during start-up too), later ones read it. What Node 22's compile cache does per
 * module, here for the one file.
 */
function writeCodeCacheLoader(file, bundleFile, cacheFile) {
  fs.writeFileSync(
    file,
    `'use strict';
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const vm = require('node:vm');
const bundle = ${JSON.stringify(bundleFile)};
const cacheFile = ${JSON.stringify(cacheFile)};
let cachedData;
try { cachedData = fs.readFileSync(cacheFile); } catch {}
const script = new vm.Script(Module.wrap(fs.readFileSync(bundle, 'utf8')), { filename: bundle, cachedData });
if (!cachedData || script.cachedDataRejected) {
  process.on('exit', () => fs.writeFileSync(cacheFile, script.createCachedData()));
}
const main = new Module(bundle, module);
main.filename = bundle;
main.paths = Module._nodeModulePaths(path.dirname(bundle));
script.runInThisContext().call(main.exports, main.exports, (id) => main.require(id), main, bundle, path.dirname(bundle));
`,
  );
}

function get(port, pathname) {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: pathname, timeout: 1_000 }, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.on('error', () => resolve(0));
    request.on('timeout', () => request.destroy());
  });
}

/** The running service's environment, on free ports of its own, not tied to the launcher, seeding nothing. */
async function soloEnv(platform) {
  const env = environOf(platform.pids[SERVICE]);
  delete env.BAZAAR_LAUNCHED;
  for (const name of Object.keys(env)) if (name.endsWith('_SEED')) env[name] = 'false';
  const prefix = envPrefix(SERVICE);
  env[`${prefix}_HTTP_PORT`] = String(await freePort());
  if (SERVICES[SERVICE].rpcPort) env[`${prefix}_RPC_PORT`] = String(await freePort());
  return { env, httpPort: Number(env[`${prefix}_HTTP_PORT`]) };
}

/** One start of a form: spawn, poll until ready, CPU at ready, RSS after settling, then SIGTERM. */
async function timedStart(form, solo, settleS) {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [...SERVICE_FLAGS, form.entry], {
    env: { ...solo.env, ...form.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const errors = [];
  // What it printed, for the message when it does not start (its logs go to stdout).
  for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk) => errors.push(String(chunk)));
  const entry = {
    name: form.label,
    stop: () => stopChild(child, 'SIGTERM', 10_000),
    kill: () => child.kill('SIGKILL'),
  };
  session.running.add(entry);
  try {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while ((await get(solo.httpPort, '/health/ready')) !== 200) {
      if (child.exitCode !== null || Date.now() > deadline)
        throw new Error(
          `${form.label}: not ready (${child.exitCode ?? 'timeout'}): ${errors.join('').slice(-2000)}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const readyMs = Number(process.hrtime.bigint() - started) / 1e6;
    const cpuS = cpuSeconds(child.pid);
    if (settleS > 0) await new Promise((resolve) => setTimeout(resolve, settleS * 1000));
    return { readyMs, cpuS, rss: rssMb(child.pid) };
  } finally {
    await stopEntry(entry);
  }
}

const range = (values, digits) => {
  const low = Math.min(...values);
  const high = Math.max(...values);
  return low === high ? low.toFixed(digits) : `${low.toFixed(digits)}–${high.toFixed(digits)}`;
};
const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;

async function main() {
  if (!SERVICES[SERVICE])
    throw new Error(`--service: no service "${SERVICE}" (${Object.keys(SERVICES).join(', ')})`);
  const entry = entryOf(SERVICE);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'bazaar-boot-split-'));
  const bundleFile = path.join(path.dirname(entry), `.boot-split-${process.pid}.bundle.js`);
  const loaderFile = path.join(path.dirname(entry), `.boot-split-${process.pid}.loader.js`);
  const cleanup = () => {
    for (const file of [bundleFile, loaderFile]) fs.rmSync(file, { force: true });
    fs.rmSync(scratch, { recursive: true, force: true });
  };
  session.running.add({ name: 'scratch files', stop: async () => cleanup(), kill: cleanup });

  progress(`bundling ${path.relative(ROOT, entry)} with esbuild...`);
  await bundle(entry, bundleFile);
  writeCodeCacheLoader(loaderFile, bundleFile, path.join(scratch, 'bundle.cache'));
  const forms = [
    { label: 'build', entry, env: {} },
    { label: 'bundle', entry: bundleFile, env: {} },
    { label: 'bundle + code cache', entry: loaderFile, env: {}, primed: true },
  ];
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major > 22 || (major === 22 && minor >= 1))
    forms.push({
      label: 'build + compile cache',
      entry,
      env: { NODE_COMPILE_CACHE: path.join(scratch, 'ncc') },
      primed: true,
    });

  progress('starting the platform (launcher, embedded PostgreSQL, every service)...');
  const platform = await startPlatform();
  const solo = await soloEnv(platform);
  for (const form of forms.filter((f) => f.primed)) {
    progress(`${form.label}: one start to make the cache (not counted)...`);
    await timedStart(form, solo, 0);
  }
  const results = new Map(forms.map((form) => [form.label, []]));
  for (let round = 1; round <= ROUNDS && !session.interrupted; round++) {
    for (const form of forms) {
      progress(`round ${round}: ${form.label}...`);
      results.get(form.label).push(await timedStart(form, solo, SETTLE_S));
    }
  }
  await stopEntry(platform.entry);

  const bundleMb = fs.statSync(bundleFile).size / 2 ** 20;
  console.log(
    `bench/boot-split: ${SERVICE}, ${ROUNDS} round(s), Node ${process.version}, ${os.cpus().length} cores, flags ${SERVICE_FLAGS.join(' ')}`,
  );
  console.log(`load average at the end: ${os.loadavg()[0].toFixed(2)}; bundle ${bundleMb.toFixed(1)} MiB`);
  console.log('');
  const base = results.get('build');
  printTable(
    ['form', 'ready ms', 'CPU until ready s', 'CPU / build', `RSS after ${SETTLE_S} s MiB`],
    [...results].map(([label, runs]) => [
      label,
      range(
        runs.map((r) => r.readyMs),
        0,
      ),
      range(
        runs.map((r) => r.cpuS),
        2,
      ),
      (mean(runs.map((r) => r.cpuS)) / mean(base.map((r) => r.cpuS))).toFixed(2),
      range(
        runs.map((r) => r.rss),
        0,
      ),
    ]),
  );
}

runBench('boot-split', main);
