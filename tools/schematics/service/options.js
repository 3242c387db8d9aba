// @ts-check
'use strict';

const { SchematicsException, strings } = require('@angular-devkit/schematics');

/**
 * @typedef {'tcp' | 'grpc' | 'http' | 'none'} Rpc
 * @typedef {'publish' | 'consume'} EventRole
 *
 * The options as they arrive from `nest generate` (which can only pass `--type`) or from `npm run new:service`.
 * @typedef {object} RawOptions
 * @property {string} name
 * @property {Rpc} [rpc]
 * @property {Rpc} [type]
 * @property {boolean} [database]
 * @property {EventRole[] | string} [events]
 *
 * What the templates and the registrations are written from.
 * @typedef {object} ServiceSpec
 * @property {string} name       `orders`: the app, its database, its Nest project and its compose service
 * @property {string} className  `Orders`: `OrdersConfig`, `OrdersService`, `OrdersDatabase`...
 * @property {string} camelName  `orders`: `ordersV1`, `ordersProtoPath()`
 * @property {string} constName  `ORDERS`: `ORDERS_PATTERNS`, `ORDERS_HTTP_PORT` (`psp-sandbox`: `PSP_SANDBOX`)
 * @property {Rpc} rpc
 * @property {boolean} database
 * @property {boolean} publishes
 * @property {boolean} consumes
 */

/** Names a new service cannot take: the embedded PostgreSQL's own databases, and the bus's. */
const RESERVED = ['bus', 'postgres', 'template0', 'template1'];

/**
 * Checks the combination and fills in the defaults.
 * @param {RawOptions} raw
 * @returns {ServiceSpec}
 */
function serviceSpec(raw) {
  const name = raw.name;
  if (raw.rpc && raw.type && raw.rpc !== raw.type) {
    throw new SchematicsException(`--rpc ${raw.rpc} and --type ${raw.type} disagree: give one of them.`);
  }
  const rpc = raw.rpc ?? raw.type ?? 'tcp';
  const events = eventRoles(raw.events);
  const database = raw.database ?? true;
  const publishes = events.includes('publish');
  const consumes = events.includes('consume');
  checkName(name, database || publishes || consumes);
  if ((publishes || consumes) && !database) {
    throw new SchematicsException(
      'Events need a database: the outbox and the inbox are tables written in the same transaction as the ' +
        "service's own data. Drop --no-database, or the events.",
    );
  }
  if (rpc === 'none' && !consumes) {
    throw new SchematicsException(
      'A service with no RPC transport needs another way in: consume events (`npm run new:service -- <name> ' +
        '--rpc none --events consume`; `nest generate` asks in a terminal), or choose tcp, grpc or http.',
    );
  }
  return {
    name,
    className: strings.classify(name),
    camelName: strings.camelize(name),
    constName: name.toUpperCase().replace(/-/g, '_'),
    rpc,
    database,
    publishes,
    consumes,
  };
}

/**
 * A name is one lower-case word when it names a database and the first segment of event types; a service with
 * neither (an HTTP stand-in for an outside API, say) may join words with hyphens, as `psp-sandbox` does.
 * @param {string} name
 * @param {boolean} namesData a database or events
 */
function checkName(name, namesData) {
  const word = /^[a-z][a-z0-9]{1,29}$/;
  const words = () =>
    name.length >= 2 &&
    name.length <= 30 &&
    /^[a-z]/.test(name) &&
    name.split('-').every((part) => /^[a-z0-9]+$/.test(part));
  if (!(namesData ? word.test(name) : words())) {
    throw new SchematicsException(
      namesData
        ? `"${name}" cannot name a service with a database or events: use one lower-case word of 2 to 30 ` +
            'letters and digits (it becomes the database name, the environment prefix and the first segment of ' +
            'its event types).'
        : `"${name}" cannot name a service: use lower-case letters and digits, words joined by hyphens, 2 to 30 ` +
            'characters (it becomes the app folder, the Nest project and the environment prefix).',
    );
  }
  if (RESERVED.includes(name)) throw new SchematicsException(`"${name}" is reserved; choose another name.`);
}

/**
 * `publish,consume` from the command line, or the list an interactive prompt answers.
 * @param {RawOptions['events']} value
 * @returns {EventRole[]}
 */
function eventRoles(value) {
  const list = Array.isArray(value) ? value : (value ?? '').split(',').filter(Boolean);
  for (const role of list) {
    if (role !== 'publish' && role !== 'consume') {
      throw new SchematicsException(`--events takes publish and/or consume, not "${role}".`);
    }
  }
  return /** @type {EventRole[]} */ (list);
}

module.exports = { serviceSpec };
