#!/usr/bin/env node
// `npm audit` of the production dependencies, for CI: fails on a high or critical advisory, and says so plainly
// (rather than failing the build) when the registry's advisory endpoint cannot be reached.
'use strict';

const { spawnSync } = require('node:child_process');

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const result = spawnSync(NPM, ['audit', '--omit=dev', '--json'], { encoding: 'utf8' });
let report;
try {
  report = JSON.parse(result.stdout || '{}');
} catch {
  report = {};
}

const counts = report.metadata && report.metadata.vulnerabilities;
if (!counts) {
  const reason =
    report.message || (report.error && (report.error.summary || report.error.code)) || 'no report';
  console.log(
    `npm audit: not checked, the advisory endpoint answered with an error (${reason || 'no output'})`,
  );
  process.exit(0);
}

const summary = ['critical', 'high', 'moderate', 'low', 'info'].map(
  (level) => `${counts[level] || 0} ${level}`,
);
console.log(`npm audit (production dependencies): ${summary.join(', ')}`);
for (const [name, advisory] of Object.entries(report.vulnerabilities || {})) {
  if (advisory.severity === 'high' || advisory.severity === 'critical') {
    console.log(`  ${advisory.severity}: ${name} ${advisory.range || ''}`);
  }
}
process.exit((counts.high || 0) + (counts.critical || 0) > 0 ? 1 : 0);
