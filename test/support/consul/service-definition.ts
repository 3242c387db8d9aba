import { parseDuration } from './duration';

export type CheckStatus = 'passing' | 'warning' | 'critical';
const STATUSES: readonly string[] = ['passing', 'warning', 'critical'];

/** One check of a registration, normalized: an HTTP check polled on an interval, or a TTL check the service feeds. */
export interface CheckDefinition {
  checkId: string;
  name: string;
  notes: string;
  kind:
    | {
        type: 'http';
        url: string;
        method: string;
        header: Record<string, string[]>;
        intervalMs: number;
        timeoutMs: number;
      }
    | { type: 'ttl'; ttlMs: number };
  /** Consul starts a new check `critical` unless the definition says otherwise. */
  initialStatus: CheckStatus;
  deregisterCriticalAfterMs?: number;
}

/** A `PUT /v1/agent/service/register` body, normalized. */
export interface ServiceDefinition {
  id: string;
  name: string;
  tags: string[];
  address: string;
  port: number;
  meta: Record<string, string>;
  enableTagOverride: boolean;
  checks: CheckDefinition[];
}

/** What Consul does below its minimum check interval: it raises the interval to it (with a warning in its log). */
export interface DefinitionLimits {
  minCheckIntervalMs: number;
}

/** HTTP checks time out after 10 s unless `Timeout` says otherwise. */
const DEFAULT_HTTP_TIMEOUT_MS = 10_000;

/**
 * Reads a registration as Consul's agent does: field names in any case and in snake_case too (Go's JSON decoding
 * is case-insensitive and Consul translates snake_case), ID defaulting to Name, a single `Check` or a `Checks` list.
 * Returns the message of Consul's 400 answer when the body is not a valid registration.
 */
export function parseRegistration(
  body: unknown,
  limits: DefinitionLimits,
): ServiceDefinition | { error: string } {
  if (!isObject(body)) return { error: 'Request decode failed: expected a JSON object' };
  const name = field(body, 'Name');
  if (typeof name !== 'string' || name === '') return { error: 'Missing service name' };
  const id = stringField(body, 'ID') || name;
  const tags = field(body, 'Tags') ?? [];
  const meta = field(body, 'Meta') ?? {};
  const port = field(body, 'Port') ?? 0;
  if (!Array.isArray(tags) || !tags.every((tag) => typeof tag === 'string')) {
    return { error: 'Request decode failed: Tags must be a list of strings' };
  }
  if (!isObject(meta) || !Object.values(meta).every((value) => typeof value === 'string')) {
    return { error: 'Request decode failed: Meta must map strings to strings' };
  }
  if (typeof port !== 'number' || !Number.isInteger(port))
    return { error: 'Request decode failed: Port must be a number' };
  const rawChecks = checkList(body);
  const checks: CheckDefinition[] = [];
  for (const [i, raw] of rawChecks.entries()) {
    // "service:<id>", and ":1", ":2"... when the service has several checks.
    const defaultId = rawChecks.length > 1 ? `service:${id}:${i + 1}` : `service:${id}`;
    const check = parseCheck(raw, defaultId, name, limits);
    if ('error' in check) return { error: `Invalid check: ${check.error}` };
    checks.push(check);
  }
  return {
    id,
    name,
    tags,
    address: stringField(body, 'Address'),
    port,
    meta: meta as Record<string, string>,
    enableTagOverride: field(body, 'EnableTagOverride') === true,
    checks,
  };
}

function checkList(body: Record<string, unknown>): unknown[] {
  const checks = field(body, 'Checks');
  const check = field(body, 'Check');
  return [...(isObject(check) ? [check] : []), ...(Array.isArray(checks) ? checks : [])];
}

function parseCheck(
  raw: unknown,
  defaultId: string,
  serviceName: string,
  limits: DefinitionLimits,
): CheckDefinition | { error: string } {
  if (!isObject(raw)) return { error: 'check must be an object' };
  const status = stringField(raw, 'Status') || 'critical';
  if (!STATUSES.includes(status)) return { error: `Status must be one of ${STATUSES.join(', ')}` };
  const interval = stringOrNumber(field(raw, 'Interval'));
  const timeout = stringOrNumber(field(raw, 'Timeout'));
  const deregisterAfter = field(raw, 'DeregisterCriticalServiceAfter');
  const deregisterCriticalAfterMs =
    deregisterAfter === undefined ? undefined : parseDuration(deregisterAfter);
  if (deregisterAfter !== undefined && deregisterCriticalAfterMs === undefined) {
    return { error: 'DeregisterCriticalServiceAfter is not a duration' };
  }
  const common = {
    checkId: stringField(raw, 'CheckID') || stringField(raw, 'ID') || defaultId,
    name: stringField(raw, 'Name') || `Service '${serviceName}' check`,
    notes: stringField(raw, 'Notes'),
    initialStatus: status as CheckStatus,
    deregisterCriticalAfterMs,
  };
  const http = stringField(raw, 'HTTP');
  if (http) {
    const intervalMs = parseDuration(interval);
    if (!intervalMs) return { error: 'Interval must be > 0 for Script, HTTP, H2PING, TCP or UDP checks' };
    const timeoutMs = timeout === '' ? DEFAULT_HTTP_TIMEOUT_MS : parseDuration(timeout);
    if (timeoutMs === undefined) return { error: 'Timeout is not a duration' };
    const header = field(raw, 'Header') ?? {};
    return {
      ...common,
      kind: {
        type: 'http',
        url: http,
        method: stringField(raw, 'Method') || 'GET',
        header: isObject(header) ? (header as Record<string, string[]>) : {},
        intervalMs: Math.max(intervalMs, limits.minCheckIntervalMs),
        timeoutMs,
      },
    };
  }
  const ttl = field(raw, 'TTL');
  if (ttl !== undefined) {
    const ttlMs = parseDuration(ttl);
    if (!ttlMs) return { error: 'TTL must be > 0 for TTL checks' };
    return { ...common, kind: { type: 'ttl', ttlMs } };
  }
  // The test server runs the two kinds Bazaar registers; Consul's script, TCP, gRPC... checks are refused here.
  return { error: 'Must provide TTL or HTTP (the other check kinds are not supported by the test server)' };
}

/** A field read as Go's JSON decoding and Consul's snake_case translation do: `Name`, `name`, `deregister_critical_service_after`. */
function field(object: Record<string, unknown>, name: string): unknown {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(object)) {
    if (key.replaceAll('_', '').toLowerCase() === wanted) return value;
  }
  return undefined;
}

function stringField(object: Record<string, unknown>, name: string): string {
  const value = field(object, name);
  return typeof value === 'string' ? value : '';
}

function stringOrNumber(value: unknown): string {
  if (typeof value === 'number') return `${value / 1e6}ms`;
  return typeof value === 'string' ? value : '';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
