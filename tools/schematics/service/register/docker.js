// @ts-check
'use strict';

const { SchematicsException } = require('@angular-devkit/schematics');
const { insertAfterLast, insertBefore, readText } = require('../text');

const DOCKERFILE = 'docker/Dockerfile';
const COMPOSE = 'docker/compose.yml';
const POSTGRES_INIT = 'docker/postgres-init.sql';
const PROMETHEUS = 'docker/prometheus/prometheus.yml';

/**
 * @typedef {object} Ports
 * @property {number} httpPort
 * @property {number} [rpcPort]
 * @property {number} identityRpcPort  where the service fetches the keys that sign service tokens
 */

/**
 * The production profile in containers: an image stage, a compose service (with its database, the broker when
 * it has events, service tokens required on its RPCs, registered in Consul), its database created at first start.
 * @param {import('@angular-devkit/schematics').Tree} tree
 * @param {import('../options').ServiceSpec} spec
 * @param {Ports} ports
 */
function registerDocker(tree, spec, ports) {
  addImageStage(tree, spec, ports);
  addComposeService(tree, spec, ports);
  if (spec.database) addDatabase(tree, spec);
  // No scrape target to add: Prometheus finds every instance in Consul, where the service registers itself.
  if (!/consul_sd_configs:/.test(readText(tree, PROMETHEUS))) {
    throw new SchematicsException(
      `${PROMETHEUS} no longer discovers its targets in Consul: add a static one.`,
    );
  }
}

/**
 * @param {import('@angular-devkit/schematics').Tree} tree
 * @param {import('../options').ServiceSpec} spec
 * @param {Ports} ports
 */
function addImageStage(tree, spec, ports) {
  const transport = {
    tcp: 'RPC (Nest TCP transport)',
    grpc: 'gRPC (with grpc.health.v1 and server reflection)',
    http: 'its own HTTP API on the same port',
    none: 'nothing else: events arrive from the bus',
  }[spec.rpc];
  const content = readText(tree, DOCKERFILE);
  const command = ['node', ...serviceFlags(content), `dist/apps/${spec.name}/apps/${spec.name}/src/main.js`];
  const stage =
    `FROM runtime AS app-${spec.name}\n` +
    `# HTTP (ops endpoints: health, metrics) and ${transport}.\n` +
    `EXPOSE ${[ports.httpPort, ports.rpcPort].filter(Boolean).join(' ')}\n` +
    `CMD ${JSON.stringify(command).replace(/","/g, '", "')}\n\n`;
  tree.overwrite(
    DOCKERFILE,
    insertBefore(content, /^# The image: the stage of the chosen app/m, stage, DOCKERFILE),
  );
}

/**
 * The Node flags every service image runs with (scripts/src/launcher/service-node-flags.ts, which a unit test
 * keeps equal to each image's CMD): those of the images already there.
 * @param {string} dockerfile
 * @returns {string[]}
 */
function serviceFlags(dockerfile) {
  const line = dockerfile.split('\n').find((l) => /^CMD \["node", .*"dist\/apps\/[\w-]+\//.test(l));
  if (!line) throw new SchematicsException(`${DOCKERFILE}: no app stage's CMD to take the Node flags from.`);
  /** @type {unknown} */
  const args = JSON.parse(line.slice('CMD '.length));
  return Array.isArray(args) ? args.slice(1, -1).map(String) : [];
}

/**
 * @param {import('@angular-devkit/schematics').Tree} tree
 * @param {import('../options').ServiceSpec} spec
 * @param {Ports} ports
 */
function addComposeService(tree, spec, ports) {
  const { name, constName } = spec;
  const events = spec.publishes || spec.consumes;
  const rpc = spec.rpc === 'tcp' || spec.rpc === 'grpc';
  let compose = readText(tree, COMPOSE);
  compose = insertAfterLast(
    compose,
    /^ {4}APP: [\w-]+$/gm,
    `\nx-build-${name}: &build-${name}\n  context: ..\n  dockerfile: docker/Dockerfile\n  args:\n    APP: ${name}\n`,
    COMPOSE,
  );
  if (spec.database) {
    compose = insertAfterLast(
      compose,
      /^x-[\w-]+-database-url: /gm,
      `x-${name}-database-url: &${name}-database-url ` +
        `postgresql://bazaar:\${POSTGRES_PASSWORD:-bazaar}@postgres:5432/${name}\n`,
      COMPOSE,
    );
    // The one-shot migration job migrates every service's database, and refuses a partial set of URLs.
    const migrate = serviceBlock(compose, 'migrate');
    const block = insertAfterLast(
      compose.slice(migrate.start, migrate.end),
      /^ {6}\w+_DATABASE_URL: \*[\w-]+-database-url$/gm,
      `      ${constName}_DATABASE_URL: *${name}-database-url\n`,
      `${COMPOSE} (service migrate)`,
    );
    compose = compose.slice(0, migrate.start) + block + compose.slice(migrate.end);
  }
  const environment = [
    ...(spec.database ? [`${constName}_DATABASE_URL: *${name}-database-url`] : []),
    ...(events ? ['RABBITMQ_URL: *rabbitmq-url'] : []),
    ...(rpc ? [`${constName}_RPC_HOST: 0.0.0.0`, `${constName}_RPC_PORT: '${ports.rpcPort}'`] : []),
    `${constName}_HTTP_PORT: '${ports.httpPort}'`,
    'HTTP_HOST: 0.0.0.0',
    'CONSUL_URL: *consul-url',
    `CONSUL_ADVERTISE_HOST: ${name}`,
    ...(rpc
      ? [
          '# Refuses RPCs without a service token for this service; the public keys come from identity.',
          'SERVICE_AUTH: required',
          'IDENTITY_RPC_HOST: identity',
          `IDENTITY_RPC_PORT: '${ports.identityRpcPort}'`,
        ]
      : []),
  ];
  const dependencies = [
    ['consul', 'service_healthy'],
    ...(spec.database ? [['migrate', 'service_completed_successfully']] : []),
    ...(rpc ? [['identity', 'service_healthy']] : []),
    ...(events ? [['rabbitmq', 'service_healthy']] : []),
  ];
  const block =
    `  ${name}:\n` +
    `    build: *build-${name}\n` +
    `    image: bazaar-${name}:local\n` +
    `    environment:\n` +
    environment.map((line) => `      ${line}\n`).join('') +
    `    depends_on:\n` +
    dependencies
      .map(([service, condition]) => `      ${service}:\n        condition: ${condition}\n`)
      .join('') +
    `    healthcheck:\n` +
    `      test:\n` +
    `        - CMD\n` +
    `        - node\n` +
    `        - -e\n` +
    `        - "fetch('http://127.0.0.1:${ports.httpPort}/health/ready', { signal: AbortSignal.timeout(4000) })` +
    `.then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"\n` +
    `      interval: 10s\n` +
    `      timeout: 5s\n` +
    `      retries: 5\n` +
    `      start_period: 30s\n` +
    `    stop_grace_period: 20s\n` +
    `    restart: unless-stopped\n\n`;
  // Before the gateway, which comes last of the apps (it calls the others).
  tree.overwrite(COMPOSE, insertBefore(compose, /^ {2}gateway:$/m, block, COMPOSE));
}

/**
 * Where a compose service's block starts and ends (up to the next service at the same indentation).
 * @param {string} compose
 * @param {string} service
 */
function serviceBlock(compose, service) {
  const start = compose.indexOf(`\n  ${service}:\n`) + 1;
  if (start === 0) throw new SchematicsException(`${COMPOSE} has no service "${service}".`);
  const next = compose.slice(start + 1).search(/^ {2}[\w-]+:$|^\S/m);
  return { start, end: next === -1 ? compose.length : start + 1 + next };
}

/**
 * Its database is created when the PostgreSQL volume is initialised; the server's health check waits for the
 * database made last, so it now names this one.
 * @param {import('@angular-devkit/schematics').Tree} tree
 * @param {import('../options').ServiceSpec} spec
 */
function addDatabase(tree, spec) {
  const init = readText(tree, POSTGRES_INIT);
  tree.overwrite(POSTGRES_INIT, `${init.replace(/\n*$/, '\n')}CREATE DATABASE ${spec.name};\n`);
  let compose = readText(tree, COMPOSE);
  const healthcheck =
    /# (\w+) is made last, by the init script(.*)\n(\s+test: .*pg_isready -U bazaar -d )(\w+)/;
  if (!healthcheck.test(compose)) {
    throw new SchematicsException(
      `${COMPOSE}: the postgres health check that waits for the last database is gone.`,
    );
  }
  compose = compose.replace(healthcheck, `# ${spec.name} is made last, by the init script$2\n$3${spec.name}`);
  tree.overwrite(COMPOSE, compose);
}

module.exports = { registerDocker };
