// @ts-check
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { SchematicsException } = require('@angular-devkit/schematics');

/**
 * @typedef {object} FinishOptions
 * @property {Array<{ path: string, target: string }>} links
 * @property {boolean} [proto]
 * @property {boolean} [prisma]
 * @property {boolean} [openapi]
 */

/**
 * The part of a new service a schematic tree cannot hold: symbolic links to the shared outbox and inbox files,
 * the TypeScript generated from a new .proto, the service's Prisma client, and the gateway's OpenAPI document
 * (a new consumer is a new value of the dead-letter admin's `service`). The service schematic queues this
 * as a post-task, and a schematics workflow runs post-tasks only when it has written the files: a dry run, from
 * `nest generate --dry-run` or `npm run new:service -- --dry-run`, never gets here.
 * @param {FinishOptions} options
 * @returns {import('@angular-devkit/schematics').Rule}
 */
function finish(options) {
  return (tree, context) => {
    const root = process.cwd();
    for (const link of options.links) {
      const file = path.join(root, link.path);
      if (!fs.existsSync(path.resolve(path.dirname(file), link.target))) {
        throw new SchematicsException(`${link.path}: its target ${link.target} does not exist.`);
      }
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.symlinkSync(link.target, file);
      context.logger.info(`LINK ${link.path} -> ${link.target}`);
    }
    if (options.proto) run(root, ['scripts/proto.js']);
    if (options.prisma) run(root, ['scripts/run.js', 'generate']);
    if (options.openapi) run(root, ['scripts/run.js', 'openapi']);
    return tree;
  };
}

/**
 * @param {string} root
 * @param {string[]} args
 */
function run(root, args) {
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new SchematicsException(`node ${args.join(' ')} failed (${result.status}).`);
}

module.exports = { finish };
