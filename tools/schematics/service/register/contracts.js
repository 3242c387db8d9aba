// @ts-check
'use strict';

const { insertAfterLast, insertBefore, readText } = require('../text');

const INDEX = 'libs/contracts/src/index.ts';
const EVENTS_INDEX = 'libs/contracts/src/events/index.ts';
const TOPOLOGY = 'libs/contracts/src/events/topology.ts';

/**
 * The service's contract file, exported from `@bazaar/contracts`.
 * @param {import('@angular-devkit/schematics').Tree} tree
 * @param {import('../options').ServiceSpec} spec
 */
function exportContracts(tree, spec) {
  appendLine(tree, INDEX, `export * from './${spec.name}';\n`);
}

/**
 * A publisher's event types join the platform's list (EVENT_TYPES: consumers validate payloads by it); a consumer
 * gets its subscription (EVENT_SUBSCRIPTIONS: its queue, and what is routed to it). It consumes identity's
 * user.registered: an event every platform produces, so the new service has something to do from its first start.
 * @param {import('@angular-devkit/schematics').Tree} tree
 * @param {import('../options').ServiceSpec} spec
 */
function registerEvents(tree, spec) {
  if (spec.publishes) {
    appendLine(tree, EVENTS_INDEX, `export * from './${spec.name}-events';\n`);
    let topology = readText(tree, TOPOLOGY);
    topology = insertAfterLast(
      topology,
      /^import .* from '\.\/[\w-]+';$/gm,
      `import { ${spec.constName}_EVENTS } from './${spec.name}-events';\n`,
      TOPOLOGY,
    );
    topology = insertBefore(
      topology,
      /^[ \t]*\/\/ new:service adds the event types of a publishing service above this line\.$/m,
      `    ...Object.values(${spec.constName}_EVENTS),\n`,
      TOPOLOGY,
    );
    tree.overwrite(TOPOLOGY, topology);
  }
  if (spec.consumes) {
    const topology = insertBefore(
      readText(tree, TOPOLOGY),
      /^\} as const satisfies Record<string, readonly string\[\]>;$/m,
      `  ${spec.name}: [IDENTITY_EVENTS.userRegistered.type],\n`,
      TOPOLOGY,
    );
    tree.overwrite(TOPOLOGY, topology);
  }
}

/**
 * @param {import('@angular-devkit/schematics').Tree} tree
 * @param {string} file
 * @param {string} line
 */
function appendLine(tree, file, line) {
  const content = readText(tree, file);
  tree.overwrite(file, content + (content.endsWith('\n') ? '' : '\n') + line);
}

module.exports = { exportContracts, registerEvents };
