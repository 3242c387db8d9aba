/** Go's duration units, as Consul reads `10ms`, `5s`, `1m30s`. */
const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};
const DIGITS = '0123456789.';

/** Milliseconds in a Consul duration (`"1m30s"`, `"500ms"`, `"0"`, or nanoseconds as a number); undefined if invalid. */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value / 1e6 : undefined;
  if (typeof value !== 'string' || value === '') return undefined;
  if (value === '0') return 0;
  let total = 0;
  let at = 0;
  // A sequence of <number><unit> parts, as Go's time.ParseDuration reads it.
  while (at < value.length) {
    const numberStart = at;
    while (at < value.length && DIGITS.includes(value[at])) at++;
    const unitStart = at;
    while (at < value.length && !DIGITS.includes(value[at])) at++;
    const amount = Number(value.slice(numberStart, unitStart));
    const unit = UNIT_MS[value.slice(unitStart, at)];
    if (unitStart === numberStart || Number.isNaN(amount) || unit === undefined) return undefined;
    total += amount * unit;
  }
  return total;
}

/** A duration as Consul prints it in a check's `Interval` and `Timeout` (`500ms`, `10s`, `1m30s`). */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds - minutes * 60;
  if (minutes < 60) return `${minutes}m${rest}s`;
  return `${Math.floor(minutes / 60)}h${minutes % 60}m${rest}s`;
}
