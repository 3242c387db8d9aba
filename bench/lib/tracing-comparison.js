'use strict';

const { progress, stopEntry } = require('./children');
const { measure, settle } = require('./load');
const { startOtlpSink } = require('./otlp-sink');
const { startPlatform } = require('./platform');
const { finish, header, printResults, printTarget } = require('./report');

/** `--tracing` on the command line. */
const tracingOption = () => process.argv.slice(2).includes('--tracing');

/**
 * What tracing costs: the platform with tracing off, then on with every trace sampled (OTLP/HTTP to a sink that
 * discards), on with none sampled (the context still carried: what the seams cost alone), and on with 1 trace in
 * 10 sampled (`parentbased_traceidratio`, the setting the README recommends under load), each started afresh,
 * `rounds` times in turn; prints each side by side and the ratios on/off.
 */
async function compareTracing(bench, load, rounds, pathOf, target) {
  const lines = header(bench, load, 'platform');
  const sink = await startOtlpSink();
  const variants = [
    { label: 'tracing off', env: {} },
    { label: 'tracing on, every trace', env: { OTEL_EXPORTER_OTLP_ENDPOINT: sink.endpoint } },
    // What the seams cost without recording or exporting anything: the split of the cost of tracing.
    {
      label: 'tracing on, none sampled',
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: sink.endpoint, OTEL_TRACES_SAMPLER: 'always_off' },
    },
    {
      label: 'tracing on, 1 trace in 10',
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: sink.endpoint,
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.1',
      },
    },
  ];
  lines.push(
    `comparison: the platform with tracing off and on (OTLP/HTTP to a local sink that discards), each started afresh, ${rounds} round(s) in turn`,
  );
  const results = new Map(variants.map((variant) => [variant.label, []]));
  const rows = [];
  const runs = [];
  for (let round = 1; round <= rounds; round++) {
    for (const variant of variants) {
      progress(`round ${round}: starting the platform, ${variant.label}...`);
      const platform = await startPlatform(variant.env);
      const path = await pathOf(platform.url);
      if (rows.length === 0) lines.push(`request: GET ${path}`);
      const result = await measure(
        `${variant.label} #${round}`,
        { url: `${platform.url}${path}` },
        load,
        {
          gateway: platform.pids.gateway,
          catalog: platform.pids.catalog,
          inventory: platform.pids.inventory,
        },
        () => ({ postgres: platform.postgresPids() }),
      );
      results.get(variant.label).push(result);
      const row = { target: `${variant.label} #${round}`, ...result };
      rows.push(row);
      runs.push({ platform, row });
      await settle();
      progress('stopping the platform...');
      await stopEntry(platform.entry);
    }
  }
  const exported = { ...sink.counts };
  await sink.stop();

  printResults(lines, rows);
  const mean = (label, key) => {
    const list = results.get(label);
    return list.reduce((sum, result) => sum + result[key], 0) / list.length;
  };
  const off = variants[0].label;
  console.log('');
  console.log(
    `spans exported to the sink: ${exported.exports} exports, ${(exported.bytes / 1e6).toFixed(1)} MB`,
  );
  for (const variant of variants.slice(1)) {
    const rps = mean(variant.label, 'rps') / mean(off, 'rps');
    const p99 = mean(variant.label, 'p99') / mean(off, 'p99');
    console.log(
      `ratio ${variant.label} / off, means of the rounds: req/s ${rps.toFixed(3)}, p99 ${p99.toFixed(3)} (latency ratios above 1 are slower)`,
    );
  }
  printTarget(
    `tracing on (every trace) >= ${target} x off, req/s, mean of rounds`,
    mean(variants[1].label, 'rps') / mean(off, 'rps'),
    target,
  );
  for (const run of runs) finish(run.platform, [run.row]);
}

module.exports = { compareTracing, tracingOption };
