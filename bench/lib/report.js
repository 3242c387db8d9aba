'use strict';

const os = require('node:os');

/** The heading every bench prints: its load and the machine it ran on. */
function header(bench, load, what) {
  const cpus = os.cpus();
  return [
    `bench/${bench}: ${load.connections} connections, ${load.warmupS} s warm-up (not counted), ${load.durationS} s measured per ${what}, one after the other`,
    `machine: ${cpus.length} cores, ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, ${os.type()} ${os.release()}, node ${process.version}; the load generator runs in this process, on the same cores`,
  ];
}

/** Prints the heading lines, the results table and the CPU of every process per row. */
function printResults(lines, rows) {
  const table = [
    ['target', 'req/s', 'p50 ms', 'p99 ms', 'failed', 'RSS MB after the run'],
    ...rows.map((r) => [
      r.target,
      Math.round(r.rps).toString(),
      r.p50.toFixed(2),
      r.p99.toFixed(2),
      String(r.failures),
      r.rss,
    ]),
  ];
  const widths = table[0].map((_, column) => Math.max(...table.map((row) => row[column].length)));
  const format = (row) =>
    row
      .map((cell, column) =>
        column === 0 || column === row.length - 1
          ? cell.padEnd(widths[column])
          : cell.padStart(widths[column]),
      )
      .join('  ')
      .trimEnd();
  const cores = os.cpus().length;
  console.log(lines.join('\n'));
  console.log('');
  console.log(format(table[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of table.slice(1)) console.log(format(row));
  console.log('');
  console.log(`CPU during the measured run, % of one core (${cores} cores = ${cores * 100}):`);
  const labelWidth = Math.max(...rows.map((r) => r.target.length));
  for (const row of rows) console.log(`  ${row.target.padEnd(labelWidth)}  ${row.cpu}`);
}

/** `target: <what>: PASS|BELOW (ratio)`, PASS when `ratio >= target`. */
function printTarget(what, ratio, target) {
  console.log(`target: ${what}: ${ratio >= target ? 'PASS' : 'BELOW'} (${ratio.toFixed(3)})`);
}

/** Warnings and errors the services logged while measured; then fails the bench if any request failed. */
function finish(platform, rows) {
  const { underLoad, whileStopping } = platform.logged;
  if (underLoad.length > 0) {
    console.log(
      `\nthe services logged ${underLoad.length} warning/error line(s) under load; the first ones:`,
    );
    for (const line of underLoad.slice(0, 5)) console.log(`  ${line.slice(0, 300)}`);
  }
  if (whileStopping > 0)
    console.log(`(and ${whileStopping} warning/error line(s) while the platform stopped)`);
  const failed = rows.filter((r) => r.failures > 0);
  if (failed.length > 0) {
    throw new Error(
      `errors, timeouts or non-2xx answers under load (${failed.map((r) => r.target).join('; ')}): figures are not valid`,
    );
  }
}

/** A plain table: the header, a rule, the rows; the first column left-aligned, the others right-aligned. */
function printTable(header, rows) {
  const widths = header.map((_, c) => Math.max(...[header, ...rows].map((r) => String(r[c]).length)));
  const format = (row) =>
    row
      .map((cell, c) => (c === 0 ? String(cell).padEnd(widths[c]) : String(cell).padStart(widths[c])))
      .join('  ');
  console.log(format(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(format(row));
}

module.exports = { header, printResults, printTable, printTarget, finish };
