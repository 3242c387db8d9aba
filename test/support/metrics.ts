/** The Prometheus text a service's `/metrics` serves. */
export async function scrape(opsUrl: string): Promise<string> {
  const response = await fetch(`${opsUrl}/metrics`);
  if (response.status !== 200) throw new Error(`${opsUrl}/metrics answered ${response.status}`);
  return response.text();
}

/**
 * The value of one series in Prometheus text: the sum over every series of `name` whose labels include all of
 * `labels` (0 when there is none yet, as for a counter never incremented).
 */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const open = line.indexOf('{');
    const close = line.lastIndexOf('}');
    const series = open >= 0 && open < close ? line.slice(open + 1, close) : '';
    const matches = Object.entries(labels).every(([key, value]) => series.includes(`${key}="${value}"`));
    if (matches) total += Number(line.slice((close >= 0 ? close : name.length) + 1).trim());
  }
  return total;
}

/** How many calls of `patterns` a service instance's RPC handlers have served, from its own `/metrics`. */
export async function rpcCallsServed(opsUrl: string, patterns: readonly string[]): Promise<number> {
  const text = await scrape(opsUrl);
  return patterns.reduce(
    (sum, pattern) => sum + metricValue(text, 'rpc_handler_duration_seconds_count', { pattern }),
    0,
  );
}
