'use strict';

const autocannon = require('autocannon');
const { progress, session } = require('./children');
const { CLK_TCK, cpuTicks, rssMb, ticksBetween } = require('./processes');

/**
 * autocannon's own latency histogram has 1 ms resolution (a bare server shows p50 0 ms), so latencies are also
 * collected from each response's `responseTime` (ms, from hrtime) into 10 µs buckets.
 */
function latencyRecorder() {
  const BUCKET_MS = 0.01;
  const buckets = new Uint32Array(1_000_000); // up to 10 s
  let count = 0;
  return {
    record(ms) {
      buckets[Math.min(buckets.length - 1, Math.floor(ms / BUCKET_MS))]++;
      count++;
    },
    percentile(p) {
      const rank = Math.ceil((p / 100) * count);
      let seen = 0;
      for (let i = 0; i < buckets.length; i++) {
        seen += buckets[i];
        if (seen >= rank && seen > 0) return (i + 1) * BUCKET_MS;
      }
      return NaN;
    },
  };
}

function runLoad(target, connections, duration, onResponse) {
  const instance = autocannon({
    url: target.url,
    headers: target.headers ?? {},
    // A mix of requests, taken in turn by each connection ({ method, path, headers }), when the target has one.
    ...(target.requests ? { requests: target.requests } : {}),
    connections,
    duration,
  });
  if (onResponse)
    instance.on('response', (_client, _status, _bytes, responseTime) => onResponse(responseTime));
  session.currentLoad = instance;
  return Promise.resolve(instance).finally(() => {
    session.currentLoad = undefined;
  });
}

/**
 * Runs `run()` (the measured part of a bench) and reports the resources it cost: `servers` names the server
 * processes ({ name: pid }), whose RSS after the run is read; they and `extraCpu()` ({ name: [pid...] }, listed
 * now, after the warm-up, when pools have opened their connections) have their CPU during the run measured, and
 * so does this process as `loadName`.
 */
async function withResources(servers, extraCpu, loadName, run) {
  const groups = {
    ...Object.fromEntries(Object.entries(servers).map(([n, pid]) => [n, [pid]])),
    ...extraCpu(),
  };
  const cpuBefore = cpuTicks(groups);
  const ownBefore = process.cpuUsage();
  const startedAt = process.hrtime.bigint();
  const result = await run();
  const wallS = Number(process.hrtime.bigint() - startedAt) / 1e9;
  const own = process.cpuUsage(ownBefore);
  const used = ticksBetween(cpuBefore, cpuTicks(groups));
  const percent = (seconds) => Math.round((seconds / wallS) * 100);
  if (session.interrupted) throw new Error('interrupted');
  const cpuSeconds = Object.fromEntries(Object.keys(groups).map((name) => [name, used[name] / CLK_TCK]));
  return {
    result,
    wallS,
    cpuSeconds,
    rss: Object.entries(servers)
      .map(([name, pid]) => `${name} ${rssMb(pid)}`)
      .join(', '),
    cpu: [
      ...Object.keys(groups).map((name) => `${name} ${percent(used[name] / CLK_TCK)}`),
      `${loadName} ${percent((own.user + own.system) / 1e6)}`,
    ].join(', '),
  };
}

/**
 * Warm-up (not counted), then the measured run, against `target` ({ url, headers? }), with the resources of
 * `servers` and `extraCpu()` reported as `withResources` does.
 */
async function measure(label, target, load, servers, extraCpu = () => ({})) {
  progress(`${label}: ${load.warmupS} s warm-up, then ${load.durationS} s measured...`);
  const warmup = await runLoad(target, load.connections, load.warmupS);
  if (session.interrupted) throw new Error('interrupted');
  const latencies = latencyRecorder();
  const { result, rss, cpu, cpuSeconds } = await withResources(servers, extraCpu, 'autocannon', () =>
    runLoad(target, load.connections, load.durationS, (ms) => latencies.record(ms)),
  );
  return {
    rss,
    cpu,
    cpuSeconds,
    rps: result.requests.average,
    total: result.requests.total,
    p50: latencies.percentile(50),
    p99: latencies.percentile(99),
    failures:
      warmup.errors + warmup.timeouts + warmup.non2xx + result.errors + result.timeouts + result.non2xx,
  };
}

/** autocannon drops the requests still in flight when its time is up; give the servers a moment to finish them. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 1_000));

module.exports = { latencyRecorder, measure, settle, withResources };
