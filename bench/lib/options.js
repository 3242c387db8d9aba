'use strict';

/**
 * `--name N`, `--name=N` or `BENCH_NAME`, else the fallback; a positive number. Exits 2 naming the option when
 * it is not one.
 */
function option(bench, name, fallback) {
  const args = process.argv.slice(2);
  const index = args.indexOf(`--${name}`);
  const inline = args.find((a) => a.startsWith(`--${name}=`));
  const raw =
    index >= 0
      ? args[index + 1]
      : inline !== undefined
        ? inline.slice(name.length + 3)
        : (process.env[`BENCH_${name.toUpperCase()}`] ?? String(fallback));
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    console.error(`bench/${bench}: --${name} must be a positive number (got ${JSON.stringify(raw)})`);
    process.exit(2);
  }
  return value;
}

/** The load every bench applies: 50 connections, 3 s warm-up, 10 s measured, unless told otherwise. */
function loadOptions(bench) {
  return {
    durationS: option(bench, 'duration', 10),
    warmupS: option(bench, 'warmup', 3),
    connections: Math.round(option(bench, 'connections', 50)),
  };
}

module.exports = { loadOptions, option };
