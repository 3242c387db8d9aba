// @ts-check
'use strict';

const path = require('node:path');

/**
 * Runs Prettier, with the repository's settings and ignore file, over every file the generator created or changed,
 * so what it writes passes `prettier --check` as written (tables lined up, imports wrapped).
 * @returns {import('@angular-devkit/schematics').Rule}
 */
function formatTouchedFiles() {
  return async (tree) => {
    const prettier = require('prettier');
    const root = process.cwd();
    const options = (await prettier.resolveConfig(path.join(root, 'package.json'))) ?? {};
    const touched = new Set(
      tree.actions.filter((action) => action.kind !== 'd').map((action) => action.path),
    );
    for (const file of touched) {
      const absolute = path.join(root, file);
      const info = await prettier.getFileInfo(absolute, { ignorePath: path.join(root, '.prettierignore') });
      const content = tree.read(file);
      if (info.ignored || !info.inferredParser || !content) continue;
      tree.overwrite(
        file,
        await prettier.format(content.toString('utf8'), { ...options, filepath: absolute }),
      );
    }
  };
}

module.exports = { formatTouchedFiles };
