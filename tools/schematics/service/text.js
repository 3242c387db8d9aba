// @ts-check
'use strict';

const { SchematicsException } = require('@angular-devkit/schematics');

/**
 * A file of the tree as text; a missing one stops the generator naming it.
 * @param {import('@angular-devkit/schematics').Tree} tree
 * @param {string} file
 */
function readText(tree, file) {
  const content = tree.read(file);
  if (!content)
    throw new SchematicsException(`${file} is missing: run the generator at the repository root.`);
  return content.toString('utf8');
}

/**
 * `lines` inserted before the first line that matches `anchor`. The anchors are fixed lines of the shared files
 * (see README, "Adding a service"); one that is gone stops the generator rather than guessing a place.
 * @param {string} content
 * @param {RegExp} anchor  a multiline pattern (`m`), not global
 * @param {string} lines   whole lines, each ending in a newline
 * @param {string} file    for the message
 */
function insertBefore(content, anchor, lines, file) {
  const match = anchor.exec(content);
  if (!match) throw missingAnchor(file, anchor);
  const at = content.lastIndexOf('\n', match.index - 1) + 1;
  return content.slice(0, at) + lines + content.slice(at);
}

/**
 * `lines` inserted after the last line that matches `pattern`.
 * @param {string} content
 * @param {RegExp} pattern  a global multiline pattern (`gm`)
 * @param {string} lines
 * @param {string} file
 */
function insertAfterLast(content, pattern, lines, file) {
  const matches = [...content.matchAll(pattern)];
  const last = matches.at(-1);
  if (last?.index === undefined) throw missingAnchor(file, pattern);
  const end = content.indexOf('\n', last.index + last[0].length);
  const at = end === -1 ? content.length : end + 1;
  return content.slice(0, at) + lines + content.slice(at);
}

/**
 * @param {string} file
 * @param {RegExp} anchor
 */
function missingAnchor(file, anchor) {
  return new SchematicsException(
    `${file} has no line matching ${anchor}: the generator registers services at that line. ` +
      'Put it back (git log -p shows it) or register the service by hand.',
  );
}

module.exports = { readText, insertBefore, insertAfterLast };
