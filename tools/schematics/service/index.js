// @ts-check
'use strict';

const { chain, SchematicsException } = require('@angular-devkit/schematics');
const { RunSchematicTask } = require('@angular-devkit/schematics/tasks');
const { formatTouchedFiles } = require('./format');
const { serviceSpec } = require('./options');
const { exportContracts, registerEvents } = require('./register/contracts');
const { registerDocker } = require('./register/docker');
const { addNestProject, readProjects } = require('./register/nest-cli');
const { addReadmeRow } = require('./register/readme');
const { addServiceRow, nextPorts, readServices } = require('./register/services-table');
const { renderFiles } = require('./render');

/**
 * `nest g -c ./tools/schematics service <name>` / `npm run new:service -- <name>`: a complete Bazaar service.
 * Writes the app (apps/<name>), its contract (libs/contracts), its schema and first migration (prisma/<name>),
 * registers it everywhere a service is listed, formats what it touched, and leaves what a tree cannot hold (links,
 * generated code) to the `finish` task, which runs only when the files are really written.
 * @param {import('./options').RawOptions} options
 * @returns {import('@angular-devkit/schematics').Rule}
 */
function service(options) {
  const spec = serviceSpec(options);
  return (tree, context) => {
    const services = readServices(tree);
    const taken = [
      ...services.map((row) => row.name),
      ...Object.keys(readProjects(tree)),
      // Folders and files the new service would write into, such as libs/contracts/src/errors.ts for "errors".
      ...[`apps/${spec.name}`, `prisma/${spec.name}`, `libs/contracts/src/${spec.name}`]
        .filter((dir) => tree.getDir(dir).subfiles.length + tree.getDir(dir).subdirs.length > 0)
        .map(() => spec.name),
      ...[`libs/contracts/src/${spec.name}.ts`, `libs/contracts/proto/${spec.name}.proto`]
        .filter((file) => tree.exists(file))
        .map(() => spec.name),
    ];
    if (taken.includes(spec.name)) {
      throw new SchematicsException(
        `"${spec.name}" is taken (a service, a Nest project, or a file or folder the service would write).`,
      );
    }
    const { httpPort, rpcPort } = nextPorts(services, spec.rpc === 'tcp' || spec.rpc === 'grpc');
    const identityRpcPort = services.find((row) => row.name === 'identity')?.rpcPort ?? 0;
    const migrations = migrationNames(spec, new Date());
    const links = messagingLinks(spec, migrations);
    context.logger.info(
      `${spec.name}: ${{ tcp: 'TCP', grpc: 'GRPC', http: 'its own HTTP API', none: 'no RPC' }[spec.rpc]}, ` +
        `${spec.database ? 'a database' : 'no database'}` +
        `${spec.publishes ? ', publishes events' : ''}${spec.consumes ? ', consumes events' : ''}; ` +
        `ports ${httpPort} (HTTP)${rpcPort ? ` and ${rpcPort} (RPC)` : ''}.`,
    );
    for (const step of finishSteps(spec, links)) context.logger.info(`then: ${step}`);
    context.addTask(
      new RunSchematicTask('finish', {
        links,
        proto: spec.rpc === 'grpc',
        prisma: spec.database,
        openapi: spec.consumes,
      }),
    );
    return chain([
      renderFiles(templateValues(spec), { name: spec.name, initMigration: migrations.init }, (path) =>
        keepFile(spec, path),
      ),
      (tree) => {
        addServiceRow(tree, { name: spec.name, httpPort, rpcPort, database: spec.database });
        addNestProject(tree, spec.name);
        exportContracts(tree, spec);
        registerEvents(tree, spec);
        registerDocker(tree, spec, { httpPort, rpcPort, identityRpcPort });
        addReadmeRow(tree, spec, { httpPort, rpcPort });
      },
      formatTouchedFiles(),
    ]);
  };
}

/**
 * Which template files this kind of service gets.
 * @param {import('./options').ServiceSpec} spec
 * @param {string} path
 */
function keepFile(spec, path) {
  if (path.includes('/database/') || path.startsWith('/prisma/')) return spec.database;
  if (path.endsWith('-events.ts.template')) return spec.publishes;
  if (path.endsWith('.proto.template')) return spec.rpc === 'grpc';
  if (/items\.(dto|errors)\.ts\.template$/.test(path)) return spec.rpc !== 'none';
  return true;
}

/**
 * Migration folders named as Prisma names them (UTC timestamp, then a name), one second apart so they apply in
 * this order: the feature's tables, then the outbox and the inbox.
 * @param {import('./options').ServiceSpec} spec
 * @param {Date} now
 */
function migrationNames(spec, now) {
  const at = (/** @type {number} */ seconds) =>
    new Date(now.getTime() + seconds * 1000)
      .toISOString()
      .replace(/\.\d+Z$/, '')
      .replace(/\D/g, '');
  return {
    init: `${at(0)}_init`,
    outbox: spec.publishes ? `${at(1)}_outbox` : undefined,
    inbox: spec.consumes ? `${at(2)}_inbox` : undefined,
  };
}

/**
 * The outbox and inbox are defined once, in libs/messaging/prisma: a service's schema folder and migrations link
 * to them (relative links, as prisma/catalog and prisma/notifications do).
 * @param {import('./options').ServiceSpec} spec
 * @param {ReturnType<typeof migrationNames>} migrations
 * @returns {Array<{ path: string, target: string }>}
 */
function messagingLinks(spec, migrations) {
  /** @type {Array<{ path: string, target: string }>} */
  const links = [];
  for (const table of /** @type {const} */ (['outbox', 'inbox'])) {
    const folder = migrations[table];
    if (!folder) continue;
    links.push(
      { path: `prisma/${spec.name}/${table}.prisma`, target: `../../libs/messaging/prisma/${table}.prisma` },
      {
        path: `prisma/${spec.name}/migrations/${folder}/migration.sql`,
        target: `../../../../libs/messaging/prisma/${table}.sql`,
      },
    );
  }
  return links;
}

/**
 * What the finish task will do, said up front (a dry run shows it too, without doing it).
 * @param {import('./options').ServiceSpec} spec
 * @param {ReturnType<typeof messagingLinks>} links
 */
function finishSteps(spec, links) {
  return [
    ...links.map((link) => `link ${link.path} -> ${link.target}`),
    ...(spec.rpc === 'grpc'
      ? [`generate libs/contracts/src/generated/${spec.name}.ts (scripts/proto.js)`]
      : []),
    ...(spec.database ? [`generate the Prisma client of ${spec.name} (node scripts/run.js generate)`] : []),
    ...(spec.consumes
      ? ['rewrite apps/gateway/openapi.json, which lists the consumers (npm run openapi)']
      : []),
  ];
}

/**
 * Everything the templates read.
 * @param {import('./options').ServiceSpec} spec
 */
function templateValues(spec) {
  const { name, className: C, camelName, constName: K } = spec;
  const tcp = spec.rpc === 'tcp';
  const grpc = spec.rpc === 'grpc';
  const http = spec.rpc === 'http';
  const hasRpc = tcp || grpc;
  // The example feature (items) is served over RPC or HTTP; with plain TypeScript contract types unless gRPC.
  const hasItems = hasRpc || http;
  const plain = tcp || http;
  const v1 = `${camelName}V1`;
  const types = plain
    ? {
        view: `${C}ItemView`,
        page: `${C}ItemPage`,
        create: `Create${C}ItemRequest`,
        get: `Get${C}ItemRequest`,
        list: `List${C}ItemsRequest`,
      }
    : {
        view: `${v1}.Item`,
        page: `${v1}.ListItemsResponse`,
        create: `${v1}.CreateItemRequest`,
        get: `${v1}.GetItemRequest`,
        list: `${v1}.ListItemsRequest`,
      };
  const consumed = spec.consumes ? ['EventEnvelope', 'UserRegisteredV1'] : [];
  const rpcTypes = plain ? [types.view, types.page, types.create, types.list] : grpc ? [v1] : [];
  return {
    ...spec,
    tcp,
    grpc,
    http,
    none: !hasItems,
    hasRpc,
    hasItems,
    plain,
    events: spec.publishes || spec.consumes,
    protoPackage: `bazaar.${name}.v1`,
    messagingTables: [spec.publishes && 'outbox', spec.consumes && 'inbox'].filter(Boolean).join(' and '),
    types,
    microserviceImports: [
      ...(spec.consumes ? ['EventPattern'] : []),
      ...(grpc ? ['GrpcMethod'] : []),
      ...(tcp ? ['MessagePattern'] : []),
      ...(spec.consumes ? ['Payload'] : []),
    ],
    contractImports: {
      controller: sorted([
        ...consumed,
        ...(spec.consumes ? ['IDENTITY_EVENTS'] : []),
        ...(tcp ? [`${K}_PATTERNS`, types.view, types.page] : []),
        ...(http ? [types.view, types.page] : []),
        ...(grpc ? [v1] : []),
      ]),
      service: sorted([...consumed, ...(hasItems ? [`${K}_LIMITS`, ...rpcTypes] : [])]),
      repository: sorted([...consumed, ...(spec.publishes ? [`${K}_EVENTS`] : [])]),
    },
    bootArgs: bootServiceArguments(spec),
    specContractImports: sorted([
      ...(tcp ? [`${K}_PATTERNS`, 'PLATFORM_PATTERNS', 'RpcErrorBody', types.view, types.page] : []),
      ...(http ? ['ProblemDetails', types.view, types.page] : []),
      ...(grpc ? [`${K}_PROTO_PACKAGE`, `${camelName}ProtoPath`, v1] : []),
      ...(spec.publishes ? ['EventEnvelope', `${K}_EVENTS`] : []),
      ...(spec.consumes ? ['createEnvelope', 'IDENTITY_EVENTS'] : []),
    ]),
  };
}

/**
 * The integration spec's `bootService(...)` call, without the arguments that are its defaults.
 * @param {import('./options').ServiceSpec} spec
 */
function bootServiceArguments(spec) {
  const transport = { tcp: "'tcp'", grpc: 'TRANSPORT', http: 'null', none: 'null' }[spec.rpc];
  const args = [`'${spec.name}'`, 'AppModule', spec.consumes ? 'bus.env()' : '{}', transport];
  if (spec.consumes) return [...args, 'consumeEvents'];
  if (transport !== "'tcp'") return args;
  return args.slice(0, 2);
}

/** @param {string[]} names */
function sorted(names) {
  return [...new Set(names)].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }));
}

module.exports = { service };
