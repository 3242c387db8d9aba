// @ts-check
'use strict';

const { SchematicsException } = require('@angular-devkit/schematics');
const { insertBefore, readText } = require('../text');

const FILE = 'libs/contracts/src/services.ts';
const TABLE_END = /^\} as const satisfies Record<string, ServiceEntry>;$/m;

/**
 * @typedef {object} ServiceRow
 * @property {string} name
 * @property {number} httpPort
 * @property {number} [rpcPort]
 * @property {boolean} database
 */

/**
 * The rows of `SERVICES` (libs/contracts/src/services.ts), the one table of services and their ports.
 * @param {import('@angular-devkit/schematics').Tree} tree
 * @returns {ServiceRow[]}
 */
function readServices(tree) {
  const content = readText(tree, FILE);
  const start = content.indexOf('export const SERVICES = {');
  const end = content.search(TABLE_END);
  if (start === -1 || end === -1) throw new SchematicsException(`${FILE}: the SERVICES table was not found.`);
  const rows = [...content.slice(start, end).matchAll(/^\s+'?([\w-]+)'?: \{([^}]*)\},?$/gm)];
  return rows.map(([, name, fields]) => ({
    name,
    httpPort: Number(/httpPort: (\d+)/.exec(fields)?.[1]),
    rpcPort: /rpcPort: (\d+)/.test(fields) ? Number(/rpcPort: (\d+)/.exec(fields)?.[1]) : undefined,
    database: /database: true/.test(fields),
  }));
}

/**
 * The next free ports above the highest ones in use, so a new service never takes one an existing service has.
 * @param {ServiceRow[]} rows
 * @param {boolean} withRpc
 */
function nextPorts(rows, withRpc) {
  const highest = (/** @type {number[]} */ ports) => Math.max(...ports.filter((port) => port > 0));
  const httpPort = highest(rows.map((row) => row.httpPort)) + 1;
  const rpcPorts = rows.flatMap((row) => (row.rpcPort ? [row.rpcPort] : []));
  const rpcPort = withRpc ? (rpcPorts.length > 0 ? highest(rpcPorts) : httpPort + 1000) + 1 : undefined;
  return { httpPort, rpcPort };
}

/**
 * One row in `SERVICES`: from it the launcher starts the service, run.js builds it, tests give it ports, and
 * DATABASE_SERVICES creates and migrates its database.
 * @param {import('@angular-devkit/schematics').Tree} tree
 * @param {ServiceRow} row
 */
function addServiceRow(tree, row) {
  const fields = [
    `httpPort: ${row.httpPort}`,
    ...(row.rpcPort ? [`rpcPort: ${row.rpcPort}`] : []),
    ...(row.database ? ['database: true'] : []),
  ];
  const key = /^\w+$/.test(row.name) ? row.name : `'${row.name}'`;
  const line = `  ${key}: { ${fields.join(', ')} },\n`;
  tree.overwrite(FILE, insertBefore(readText(tree, FILE), TABLE_END, line, FILE));
}

module.exports = { readServices, nextPorts, addServiceRow };
