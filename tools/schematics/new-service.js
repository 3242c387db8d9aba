#!/usr/bin/env node
// @ts-check
// `npm run new:service -- <name> [--rpc tcp|grpc|http|none] [--database|--no-database] [--events publish,consume]
// [--dry-run]`: the `service` schematic of this collection with every option on the command line. `nest generate`
// refuses options it does not know (it passes --type, not --rpc, --database or --events), and the schematics CLI
// treats a local collection as a dry run unless told otherwise; this drives the same schematic directly.
'use strict';

const path = require('node:path');
const { schema } = require('@angular-devkit/core');
const { createConsoleLogger } = require('@angular-devkit/core/node');
const { UnsuccessfulWorkflowExecution } = require('@angular-devkit/schematics');
const { NodeWorkflow } = require('@angular-devkit/schematics/tools');

const ROOT = path.resolve(__dirname, '..', '..');
const USAGE =
  'usage: npm run new:service -- <name> [--rpc tcp|grpc|http|none] [--database|--no-database] ' +
  '[--events publish,consume] [--dry-run]';

/**
 * @param {string[]} argv
 * @returns {{ options: Record<string, unknown>, dryRun: boolean }}
 */
function parse(argv) {
  /** @type {Record<string, unknown>} */
  const options = {};
  let dryRun = false;
  for (let i = 0; i < argv.length; i++) {
    // `--rpc grpc` or `--rpc=grpc`
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => {
      const given = inline ?? argv[++i];
      if (given === undefined || given.startsWith('-')) throw new Error(`${flag} needs a value\n${USAGE}`);
      return given;
    };
    if (flag === '--')
      continue; // `node scripts/run.js new:service -- <name>`, where npm would have dropped it
    else if (flag === '--rpc' || flag === '--type') options.rpc = value();
    else if (flag === '--events') options.events = value();
    else if (flag === '--database') options.database = true;
    else if (flag === '--no-database') options.database = false;
    else if (flag === '--dry-run' || flag === '-d') dryRun = true;
    else if (flag === '--help' || flag === '-h') throw new Error(USAGE);
    else if (!flag.startsWith('-') && options.name === undefined) options.name = flag;
    else throw new Error(`unknown argument ${argv[i]}\n${USAGE}`);
  }
  if (options.name === undefined) throw new Error(USAGE);
  return { options, dryRun };
}

async function main() {
  const { options, dryRun } = parse(process.argv.slice(2));
  // The schematic's formatter and its finish task work from the repository root, as under `nest generate`.
  process.chdir(ROOT);
  const logger = createConsoleLogger(false, process.stdout, process.stderr);
  const workflow = new NodeWorkflow(ROOT, {
    dryRun,
    force: false,
    schemaValidation: true,
    resolvePaths: [ROOT],
  });
  workflow.registry.addPostTransform(schema.transforms.addUndefinedDefaults);
  /** @type {string[]} */
  let report = [];
  workflow.reporter.subscribe((event) => {
    const file = event.path.replace(/^\//, '');
    if (event.kind === 'error') logger.error(`ERROR ${file} ${event.description}`);
    else if (event.kind === 'create') report.push(`CREATE ${file} (${event.content.length} bytes)`);
    else if (event.kind === 'update') report.push(`UPDATE ${file} (${event.content.length} bytes)`);
  });
  // Files first, then what the finish task prints while it links and generates.
  workflow.lifeCycle.subscribe((event) => {
    if (event.kind === 'workflow-end' || event.kind === 'post-tasks-start') {
      for (const line of report) logger.info(line);
      report = [];
    }
  });
  await new Promise((resolve, reject) => {
    workflow
      .execute({ collection: path.join(__dirname, 'collection.json'), schematic: 'service', options, logger })
      .subscribe({ error: reject, complete: () => resolve(undefined) });
  });
  logger.info(
    dryRun
      ? 'Dry run: nothing was written.'
      : `${String(options.name)} is ready: see README.md, "Adding a service".`,
  );
}

main().catch((/** @type {unknown} */ error) => {
  // The workflow has already reported which file failed.
  if (!(error instanceof UnsuccessfulWorkflowExecution)) {
    console.error(error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
