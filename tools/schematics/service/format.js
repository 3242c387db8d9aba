// @ts-check
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const prettier = require('prettier/standalone');

/**
 * Prettier's own parsers, from its standalone build: plain CommonJS, which the schematics engine and Jest both load
 * (Prettier's main entry imports its ESM core dynamically, which Jest's module system cannot do). Same version and
 * options as `prettier --check`, so the same output.
 */
const PLUGINS = [
  require('prettier/plugins/babel'),
  require('prettier/plugins/estree'),
  require('prettier/plugins/typescript'),
  require('prettier/plugins/markdown'),
  require('prettier/plugins/yaml'),
];
const PARSERS = { '.ts': 'typescript', '.json': 'json', '.md': 'markdown', '.yml': 'yaml', '.yaml': 'yaml' };

/**
 * Formats every file the generator created or changed with the repository's Prettier settings (.prettierrc), so
 * what it writes passes `prettier --check` as written: tables lined up, imports wrapped. Files Prettier does not
 * format (.prisma, .sql, .proto, Dockerfile) are left as the templates wrote them.
 * @returns {import('@angular-devkit/schematics').Rule}
 */
function formatTouchedFiles() {
  return async (tree) => {
    /** @type {unknown} */
    const settings = JSON.parse(fs.readFileSync(path.join(process.cwd(), '.prettierrc'), 'utf8'));
    const options = /** @type {import('prettier').Options} */ (settings);
    const touched = new Set(
      tree.actions.filter((action) => action.kind !== 'd').map((action) => action.path),
    );
    for (const file of touched) {
      const parser = PARSERS[/** @type {keyof typeof PARSERS} */ (path.extname(file))];
      const content = tree.read(file);
      if (!parser || !content) continue;
      // The file's name tells the TypeScript parser it is not TSX (`<T>(...) =>` stays a generic arrow).
      const formatted = await prettier.format(content.toString('utf8'), {
        ...options,
        parser,
        filepath: file,
        plugins: PLUGINS,
      });
      tree.overwrite(file, formatted);
    }
  };
}

module.exports = { formatTouchedFiles };
