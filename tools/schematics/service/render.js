// @ts-check
'use strict';

const { template } = require('@angular-devkit/core');
const {
  apply,
  pathTemplate,
  filter,
  forEach,
  mergeWith,
  renameTemplateFiles,
  url,
} = require('@angular-devkit/schematics');

/**
 * Every file of `files/` (a mirror of the repository) that `keep` accepts, rendered with `values`, its path's
 * placeholders (`__name__`) replaced from `names`. A line holding nothing but template logic (`<% if (grpc) { %>`)
 * leaves no line behind, so the templates can stay readable.
 * @param {Record<string, unknown>} values
 * @param {Record<string, string>} names
 * @param {(path: string) => boolean} keep  given the path with its placeholders (`/apps/__name__/...`)
 * @returns {import('@angular-devkit/schematics').Rule}
 */
function renderFiles(values, names, keep) {
  return mergeWith(
    apply(url('./files'), [
      filter(keep),
      forEach((entry) => {
        if (!entry.path.endsWith('.template')) return entry;
        const source = dropLogicLines(entry.content.toString('utf8'));
        return { path: entry.path, content: Buffer.from(template(source, {})(values)) };
      }),
      pathTemplate(names),
      renameTemplateFiles(),
    ]),
  );
}

const TAG = /<%[^%]*%>/g;

/**
 * The template with each line that holds only logic tags (`<% } else { %>`, not `<%=`, `<%-` or `<%#`) joined to the
 * next one: the tags stay, their indentation and line break go.
 * @param {string} source
 */
function dropLogicLines(source) {
  const lines = source.split('\n');
  return lines
    .map((line, index) => (isLogicOnly(line) ? line.trim() : index < lines.length - 1 ? `${line}\n` : line))
    .join('');
}

/** @param {string} line */
function isLogicOnly(line) {
  const tags = line.match(TAG);
  return tags !== null && line.replace(TAG, '').trim() === '' && tags.every((tag) => !/^<%[=#-]/.test(tag));
}

module.exports = { renderFiles };
