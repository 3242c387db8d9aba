#!/usr/bin/env node
// The one entry behind `npm start`, `npm test` and the other set-up-dependent scripts. Plain Node with no
// dependencies, so it runs on a fresh clone: it installs, generates and builds only what is missing or stale,
// then hands over to the real command.
'use strict';

// `npm start` counts its start-up from here (the launcher reports where the time went).
const STARTED_AT = Date.now();

const { spawnSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
// Every Nest application of the monorepo (each service, and `tools`), as nest-cli.json lists them: a service
// made by `npm run new:service` is built and started without being named here.
const NEST_PROJECTS = JSON.parse(fs.readFileSync(path.join(ROOT, 'nest-cli.json'), 'utf8')).projects;
const PROJECTS = Object.keys(NEST_PROJECTS).filter((name) => NEST_PROJECTS[name].type === 'application');
/** Where `nest build` (tsc) writes each entry: dist/<root>/<sourceRoot>/<entryFile>.js. */
const ENTRY = Object.fromEntries(
  PROJECTS.map((name) => {
    const { root, sourceRoot, entryFile } = NEST_PROJECTS[name];
    return [name, `dist/${root}/${sourceRoot}/${entryFile}.js`];
  }),
);
const SOURCES = Object.fromEntries(PROJECTS.map((name) => [name, [NEST_PROJECTS[name].sourceRoot, 'libs']]));
const SHARED_INPUTS = ['tsconfig.json', 'nest-cli.json', 'package-lock.json'];

function step(message) {
  console.log(`\x1b[1mbazaar\x1b[0m | ${message}`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function mtime(file) {
  try {
    return fs.statSync(path.join(ROOT, file)).mtimeMs;
  } catch {
    return 0;
  }
}

/** Newest modification time of any file under a path; each tree is walked once per run (libs/ is shared). */
const newestUnder = new Map();
function newest(paths) {
  let latest = 0;
  for (const p of paths) {
    if (!newestUnder.has(p)) newestUnder.set(p, newestFile(path.join(ROOT, p)));
    latest = Math.max(latest, newestUnder.get(p));
  }
  return latest;
}

/** Files that cannot change a bundle: type declarations (the generated API types) and tests. */
const NOT_BUNDLED = /(\.d\.ts|\.test\.tsx?)$/;

function newestFile(root, skip = undefined) {
  let latest = 0;
  const visit = (absolute) => {
    let stat;
    try {
      stat = fs.statSync(absolute);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(absolute)) visit(path.join(absolute, entry));
    } else if (stat.mtimeMs > latest && !skip?.test(absolute)) {
      latest = stat.mtimeMs;
    }
  };
  visit(root);
  return latest;
}

function ensureInstalled() {
  const marker = 'node_modules/.package-lock.json';
  if (mtime(marker) === 0 || mtime('package-lock.json') > mtime(marker)) {
    step('installing dependencies (npm ci)...');
    run(NPM, ['ci', '--no-audit', '--no-fund']);
  }
}

function prismaServices() {
  return fs
    .readdirSync(path.join(ROOT, 'prisma'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(ROOT, 'prisma', d.name, 'schema.prisma')))
    .map((d) => d.name);
}

/** A service's schema: every .prisma file of its folder (links to library models included). */
function schemaFiles(service) {
  const dir = `prisma/${service}`;
  return fs
    .readdirSync(path.join(ROOT, dir))
    .filter((name) => name.endsWith('.prisma'))
    .map((name) => `${dir}/${name}`);
}

function ensureGenerated() {
  for (const service of prismaServices()) {
    const client = `apps/${service}/src/generated/prisma/client.ts`;
    const inputs = [...schemaFiles(service), 'package-lock.json'];
    if (inputs.every((input) => mtime(client) >= mtime(input))) continue;
    step(`generating the Prisma client of ${service}...`);
    // `prisma generate` needs no engine, but the CLI insists this names an existing file.
    run(process.execPath, ['node_modules/prisma/build/index.js', 'generate', `--schema=prisma/${service}`], {
      env: {
        ...process.env,
        PRISMA_SCHEMA_ENGINE_BINARY: path.join(ROOT, 'package.json'),
        PRISMA_HIDE_UPDATE_MESSAGE: '1',
      },
    });
  }
}

function ensureBuilt(projects) {
  const sharedInputs = Math.max(...SHARED_INPUTS.map(mtime));
  const stale = projects.filter((project) => {
    const built = mtime(ENTRY[project]);
    return built === 0 || built < Math.max(sharedInputs, newest(SOURCES[project]));
  });
  if (stale.length === 0) return;
  step(`building ${stale.join(', ')}...`);
  run(process.execPath, ['node_modules/@nestjs/cli/bin/nest.js', 'build', ...stale]);
}

/** The web app (apps/web, React + Vite), built to dist/web for the gateway to serve. */
const WEB_BUILT = 'dist/web/index.html';
function ensureWebBuilt() {
  // Regenerated API types (`npm run openapi`) or a new test change nothing in the bundle: no rebuild for them.
  const sources = Math.max(newestFile(path.join(ROOT, 'apps/web'), NOT_BUNDLED), mtime('package-lock.json'));
  if (mtime(WEB_BUILT) >= sources) return;
  step('building the web app (storefront and console)...');
  buildWeb();
}

function buildWeb() {
  run(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'apps/web/vite.config.ts'], {
    // NODE_ENV=production whoever calls (Jest sets `test`): otherwise React's development build is bundled, the
    // app served is not the one measured against its budget, and the build can fail the budget.
    env: { ...process.env, NODE_ENV: 'production', VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
  });
}

function setup(projects = PROJECTS) {
  ensureInstalled();
  ensureGenerated();
  ensureBuilt(projects);
  if (projects === PROJECTS) ensureWebBuilt();
}

/** Runs a long-lived child in the foreground; Ctrl-C reaches it through the terminal's process group. */
function handOver(command, args, env = process.env) {
  const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit', env });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const [command, ...args] = process.argv.slice(2);
switch (command) {
  case 'setup':
  case 'build':
    setup();
    break;
  case 'generate':
    ensureInstalled();
    ensureGenerated();
    break;
  case 'proto':
    ensureInstalled();
    run(process.execPath, ['scripts/proto.js', ...args]);
    break;
  case 'start':
    setup();
    // In this process rather than a child: one Node process less to start and to keep, and nothing between the
    // terminal and the launcher that could die and leave it running.
    process.env.BAZAAR_RUN_STARTED_AT = String(STARTED_AT);
    process.argv = [process.argv[0], path.join(ROOT, ENTRY.tools), 'launch', ...args];
    // eslint-disable-next-line security/detect-non-literal-require -- the tools entry nest-cli.json names
    require(path.join(ROOT, ENTRY.tools));
    break;
  case 'build-web':
    ensureInstalled();
    buildWeb();
    break;
  case 'test':
    setup();
    // The web app's component tests first (seconds, no platform), unless a Jest project was picked.
    if (!args.some((arg) => arg.startsWith('--selectProjects'))) {
      run(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--config', 'apps/web/vite.config.ts']);
    }
    // The whole suite but the production-profile project, which needs the machine's servers (npm run test:production).
    handOver(process.execPath, [
      'node_modules/jest/bin/jest.js',
      ...(args.some((arg) => arg.startsWith('--selectProjects'))
        ? []
        : ['--ignoreProjects', 'e2e-production']),
      ...args,
    ]);
    break;
  case 'db':
  case 'keys':
  case 'reconcile':
    setup(['tools']);
    handOver(process.execPath, [ENTRY.tools, command, ...args]);
    break;
  case 'openapi':
    setup(['gateway']);
    run(process.execPath, [ENTRY.gateway.replace(/main\.js$/, 'openapi/write-openapi.js')]);
    // The web app's typed client follows the document.
    run(process.execPath, ['scripts/web-client.mjs']);
    break;
  case 'bench':
    setup();
    handOver(process.execPath, [`bench/${args[0]}.js`, ...args.slice(1)]);
    break;
  case 'new:service':
    // The schematic writes sources only; it generates the new service's Prisma client and gRPC types itself.
    ensureInstalled();
    run(process.execPath, ['tools/schematics/new-service.js', ...args]);
    break;
  default:
    console.error(
      'usage: node scripts/run.js <setup|build|build-web|generate|proto|start|test|db|keys|reconcile|openapi|bench|new:service> [args]',
    );
    process.exit(2);
}
