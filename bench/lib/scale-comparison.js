'use strict';

const { progress, stopEntry } = require('./children');
const { measure, settle } = require('./load');
const { startPlatform } = require('./platform');
const { finish, header, printResults } = require('./report');

/**
 * `--scale <service>=<n>` (or `--scale=<service>=<n>`) from the command line, as { service, count }, or undefined
 * when absent. Exits 2 on a malformed value; the launcher judges the service and the count.
 */
function scaleOption(bench) {
  const args = process.argv.slice(2);
  const index = args.indexOf('--scale');
  const inline = args.find((a) => a.startsWith('--scale='));
  const raw = index >= 0 ? args[index + 1] : inline?.slice('--scale='.length);
  if (raw === undefined && index < 0) return undefined;
  const match = /^([a-z][\w-]*)=(\d+)$/.exec(raw ?? '');
  if (!match || Number(match[2]) < 2) {
    console.error(
      `bench/${bench}: --scale takes <service>=<n> with n >= 2, e.g. catalog=2 (got ${JSON.stringify(raw)})`,
    );
    process.exit(2);
  }
  return { service: match[1], count: Number(match[2]) };
}

/** Every instance of `service` among the platform's pids: `catalog`, `catalog#2`, ... */
function instancePids(pids, service) {
  return Object.fromEntries(
    Object.entries(pids).filter(([label]) => label === service || label.startsWith(`${service}#`)),
  );
}

/** CPU seconds of every measured process (PostgreSQL included) per request, in µs. */
const cpuPerRequestUs = (result) =>
  (Object.values(result.cpuSeconds).reduce((sum, seconds) => sum + seconds, 0) / result.total) * 1e6;

/**
 * The platform with one instance of `service`, then with `count` (the launcher's `--scale`), under the same load
 * on `GET <path(platformUrl)>`; prints both side by side and the gain, count / one.
 */
async function compareScale(bench, load, { service, count }, pathOf) {
  const lines = header(bench, load, 'platform');
  lines.push(
    `comparison: the platform with 1 ${service} instance, then with ${count} (npm start -- --scale ${service}=${count}), each started afresh`,
  );
  const runs = [];
  for (const instances of [1, count]) {
    const args = instances > 1 ? ['--scale', `${service}=${instances}`] : [];
    progress(`starting the platform${args.length ? ` with ${args.join(' ')}` : ''}...`);
    const platform = await startPlatform({}, { args });
    const path = await pathOf(platform.url);
    if (runs.length === 0) lines.push(`request: GET ${path}`);
    const servers = {
      gateway: platform.pids.gateway,
      ...instancePids(platform.pids, service),
      ...instancePids(platform.pids, 'catalog'),
      ...instancePids(platform.pids, 'inventory'),
    };
    const result = await measure(
      `${instances} × ${service}`,
      { url: `${platform.url}${path}` },
      load,
      servers,
      () => ({ postgres: platform.postgresPids() }),
    );
    runs.push({ platform, row: { target: `${instances} × ${service}`, ...result } });
    await settle();
    progress('stopping the platform...');
    await stopEntry(platform.entry);
  }

  const rows = runs.map((run) => run.row);
  printResults(lines, rows);
  const [one, many] = rows;
  console.log('');
  console.log(
    `CPU of the servers and PostgreSQL per request, µs: 1 × ${service} ${cpuPerRequestUs(one).toFixed(0)}, ${count} × ${service} ${cpuPerRequestUs(many).toFixed(0)}`,
  );
  console.log(
    `gain ${count} × ${service} / 1 × ${service}: req/s ${(many.rps / one.rps).toFixed(3)}, p50 ${(many.p50 / one.p50).toFixed(3)}, p99 ${(many.p99 / one.p99).toFixed(3)} (latency ratios below 1 are faster)`,
  );
  for (const run of runs) finish(run.platform, [run.row]);
}

module.exports = { compareScale, scaleOption };
