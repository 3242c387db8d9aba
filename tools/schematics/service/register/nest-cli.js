// @ts-check
'use strict';

const { SchematicsException } = require('@angular-devkit/schematics');
const { readText } = require('../text');

const FILE = 'nest-cli.json';

/**
 * @typedef {{ type?: string, root?: string }} NestProject
 * @param {import('@angular-devkit/schematics').Tree} tree
 * @returns {Record<string, NestProject>}
 */
function readProjects(tree) {
  /** @type {unknown} */
  const parsed = JSON.parse(readText(tree, FILE));
  const config = /** @type {{ projects?: Record<string, NestProject> }} */ (parsed);
  if (!config.projects)
    throw new SchematicsException(`${FILE} has no "projects": Bazaar is a Nest monorepo.`);
  return config.projects;
}

/**
 * The service as a Nest project (`nest build <name>`, `nest start <name>`; run.js builds every application of
 * nest-cli.json). Written as text after the last app so the file keeps its layout.
 * @param {import('@angular-devkit/schematics').Tree} tree
 * @param {string} name
 */
function addNestProject(tree, name) {
  const content = readText(tree, FILE);
  const projects = readProjects(tree);
  const apps = Object.keys(projects).filter((key) => projects[key].root?.startsWith('apps/'));
  const after = apps.at(-1);
  if (!after) throw new SchematicsException(`${FILE} lists no project under apps/ to add the new one after.`);
  const end = closingBrace(content, content.indexOf('{', content.indexOf(`"${after}": {`)));
  // Right after its closing brace: a comma that followed it now follows the new project.
  const block =
    `,\n    "${name}": {\n` +
    `      "type": "application",\n` +
    `      "root": "apps/${name}",\n` +
    `      "entryFile": "main",\n` +
    `      "sourceRoot": "apps/${name}/src",\n` +
    `      "compilerOptions": { "tsConfigPath": "apps/${name}/tsconfig.app.json" }\n` +
    `    }`;
  const updated = content.slice(0, end + 1) + block + content.slice(end + 1);
  JSON.parse(updated); // never leave a broken nest-cli.json behind
  tree.overwrite(FILE, updated);
}

/**
 * The index of the `}` that closes the object opening at `open` (JSON text: braces inside strings do not count).
 * @param {string} text
 * @param {number} open
 */
function closingBrace(text, open) {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const char = text[i];
    if (char === '"') {
      for (i++; text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (char === '{') {
      depth++;
    } else if (char === '}' && --depth === 0) {
      return i;
    }
  }
  throw new SchematicsException(`${FILE} is not valid JSON.`);
}

module.exports = { readProjects, addNestProject };
