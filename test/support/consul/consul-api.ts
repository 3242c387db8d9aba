import { BlockingIndex, blockingParams } from './blocking-index';
import type { HealthChecks } from './health-checks';
import { KvStore, MAX_VALUE_BYTES } from './kv-store';
import type { ServiceCatalog } from './service-catalog';
import { parseRegistration, type CheckStatus, type DefinitionLimits } from './service-definition';

export interface ApiRequest {
  method: string;
  /** The path as sent, still percent-encoded (the consul client encodes a KV key's slashes as %2F). */
  path: string;
  query: URLSearchParams;
  body: Buffer;
  /**
   * What the ACL system makes of the request's token: `allowed`, or `anonymous` (no token: Consul filters what
   * reads list and refuses the rest with 403 "Permission denied"). An unknown token never gets here (403 "ACL not found").
   */
  access: 'allowed' | 'anonymous';
  /** Fires when the client goes away or the server stops, ending a blocking query early. */
  released: AbortSignal;
}

export interface ApiResponse {
  status: number;
  body: string | Buffer;
  contentType: string;
  headers?: Record<string, string>;
}

export interface ConsulState {
  raft: BlockingIndex;
  catalog: ServiceCatalog;
  checks: HealthChecks;
  kv: KvStore;
  limits: DefinitionLimits;
}

const json = (body: unknown, headers?: Record<string, string>): ApiResponse => ({
  status: 200,
  body: JSON.stringify(body),
  contentType: 'application/json',
  headers,
});
/** Consul's agent writes answer 200 with an empty body. */
const done = (): ApiResponse => ({ status: 200, body: '', contentType: 'text/plain; charset=utf-8' });
const text = (status: number, body: string): ApiResponse => ({
  status,
  body,
  contentType: 'text/plain; charset=utf-8',
});
export const PERMISSION_DENIED = text(403, 'Permission denied');

/** Headers of a read that supports blocking queries (X-Consul-Index is what a client blocks on next). */
function queryMeta(index: number, filtered = false): Record<string, string> {
  return {
    'X-Consul-Index': String(index),
    'X-Consul-KnownLeader': 'true',
    'X-Consul-LastContact': '0',
    ...(filtered ? { 'X-Consul-Results-Filtered-By-ACLs': 'true' } : {}),
  };
}

/** The endpoints of Consul's HTTP API that Bazaar uses, over the test server's state. */
export async function handle(state: ConsulState, request: ApiRequest): Promise<ApiResponse> {
  const { method, path } = request;
  const route = (prefix: string): string | undefined =>
    path.startsWith(prefix) ? decodeURIComponent(path.slice(prefix.length)) : undefined;
  let param: string | undefined;

  if (path === '/v1/status/leader' && method === 'GET') return json('127.0.0.1:8300');
  if (path === '/v1/agent/services' && method === 'GET') return agentServices(state, request);
  if (path === '/v1/agent/service/register' && method === 'PUT') return register(state, request);
  if ((param = route('/v1/agent/service/deregister/')) !== undefined && method === 'PUT') {
    if (request.access !== 'allowed') return PERMISSION_DENIED;
    if (!state.catalog.deregister(param)) {
      return text(
        404,
        `Unknown service ID "${param}". Ensure that the service ID is passed, not the service name.`,
      );
    }
    state.checks.sync();
    return done();
  }
  for (const [verb, status] of [
    ['pass', 'passing'],
    ['warn', 'warning'],
    ['fail', 'critical'],
  ] as const) {
    if ((param = route(`/v1/agent/check/${verb}/`)) !== undefined && method === 'PUT') {
      return updateTtl(state, request, param, status);
    }
  }
  if ((param = route('/v1/health/service/')) !== undefined && method === 'GET')
    return healthService(state, request, param);
  if ((param = route('/v1/health/checks/')) !== undefined && method === 'GET')
    return healthChecks(state, request, param);
  if ((param = route('/v1/kv/')) !== undefined) {
    if (method === 'GET') return kvGet(state, request, param);
    if (method === 'PUT') return kvPut(state, request, param);
    if (method === 'DELETE') return kvDelete(state, request, param);
    return text(405, `method ${method} not allowed`);
  }
  return text(404, '404 page not found');
}

function agentServices(state: ConsulState, request: ApiRequest): ApiResponse {
  const services = state.catalog.agentServicesJson();
  if (request.access === 'allowed') return json(services);
  return json(
    {},
    Object.keys(services).length > 0 ? { 'X-Consul-Results-Filtered-By-ACLs': 'true' } : undefined,
  );
}

function register(state: ConsulState, request: ApiRequest): ApiResponse {
  if (request.access !== 'allowed') return PERMISSION_DENIED;
  let body: unknown;
  try {
    body = JSON.parse(request.body.toString() || 'null');
  } catch (error) {
    return text(400, `Request decode failed: ${(error as Error).message}`);
  }
  const definition = parseRegistration(body, state.limits);
  if ('error' in definition) return text(400, definition.error);
  state.catalog.register(definition);
  state.checks.sync();
  return done();
}

function updateTtl(
  state: ConsulState,
  request: ApiRequest,
  checkId: string,
  status: CheckStatus,
): ApiResponse {
  if (request.access !== 'allowed') return PERMISSION_DENIED;
  const refused = state.checks.updateTtl(checkId, status, request.query.get('note') ?? '');
  return refused ? text(refused.status, refused.error) : done();
}

/** A blocking query on one service's health (`?index&wait`): held until it changes; a 400 for bad parameters. */
async function blockOnService(
  state: ConsulState,
  request: ApiRequest,
  name: string,
): Promise<ApiResponse | undefined> {
  const blocking = blockingParams(request.query);
  if ('error' in blocking) return text(400, blocking.error);
  await state.raft.block(
    blocking.index,
    blocking.waitMs,
    () => state.catalog.indexOf(name),
    request.released,
  );
  return undefined;
}

async function healthService(state: ConsulState, request: ApiRequest, name: string): Promise<ApiResponse> {
  const passing = boolParam(request.query, 'passing');
  if (passing === undefined) return text(400, 'Invalid value for ?passing');
  const refused = await blockOnService(state, request, name);
  if (refused) return refused;
  const index = state.catalog.indexOf(name);
  const entries = state.catalog.healthOf(name, { passing, tags: request.query.getAll('tag') });
  // Without a token, Consul's default-deny ACLs filter the list (an empty answer, not a 403).
  if (request.access !== 'allowed') return json([], queryMeta(index, entries.length > 0));
  return json(entries, queryMeta(index));
}

async function healthChecks(state: ConsulState, request: ApiRequest, name: string): Promise<ApiResponse> {
  const refused = await blockOnService(state, request, name);
  if (refused) return refused;
  const index = state.catalog.indexOf(name);
  const checks = state.catalog.checksJsonOf(name);
  if (request.access !== 'allowed') return json([], queryMeta(index, checks.length > 0));
  return json(checks, queryMeta(index));
}

async function kvGet(state: ConsulState, request: ApiRequest, key: string): Promise<ApiResponse> {
  const { query } = request;
  const keysOnly = query.has('keys');
  const recurse = query.has('recurse');
  if (key === '' && !keysOnly && !recurse) return text(400, 'Missing key name');
  const blocking = blockingParams(query);
  if ('error' in blocking) return text(400, blocking.error);
  if (keysOnly) {
    const separator = query.get('separator') || undefined;
    const read = () => state.kv.keys(key, separator);
    await state.raft.block(blocking.index, blocking.waitMs, () => read().index, request.released);
    const { index, keys } = read();
    // Lists are filtered by ACLs; nothing left (or nothing there) is a 404, as for a missing key.
    if (keys.length === 0 || request.access !== 'allowed') return notFound(index);
    return json(keys, queryMeta(index));
  }
  if (recurse) {
    await state.raft.block(blocking.index, blocking.waitMs, () => state.kv.list(key).index, request.released);
    const { index, entries } = state.kv.list(key);
    if (entries.length === 0 || request.access !== 'allowed') return notFound(index);
    return json(entries, queryMeta(index));
  }
  if (request.access !== 'allowed') return PERMISSION_DENIED;
  await state.raft.block(blocking.index, blocking.waitMs, () => state.kv.get(key).index, request.released);
  const { index, entry } = state.kv.get(key);
  if (!entry) return notFound(index);
  if (query.has('raw')) {
    // Raw values go out as text/plain, never as the type they look like (Consul's guard against XSS).
    const value = entry.Value === null ? Buffer.alloc(0) : Buffer.from(entry.Value, 'base64');
    return { status: 200, body: value, contentType: 'text/plain', headers: queryMeta(index) };
  }
  return json([entry], queryMeta(index));
}

function kvPut(state: ConsulState, request: ApiRequest, key: string): ApiResponse {
  if (request.access !== 'allowed') return PERMISSION_DENIED;
  if (key === '') return text(400, 'Missing key name');
  const { query } = request;
  if (query.has('acquire') || query.has('release'))
    return text(400, 'Sessions are not supported by the test server');
  if (request.body.length > MAX_VALUE_BYTES) {
    return text(
      413,
      `Request body(${request.body.length} bytes) too large, max size: ${MAX_VALUE_BYTES} bytes.`,
    );
  }
  const cas = uintParam(query, 'cas');
  const flags = uintParam(query, 'flags');
  if (cas === null) return text(400, 'Invalid cas');
  if (flags === null) return text(400, 'Invalid flags');
  return json(state.kv.put(key, request.body, { cas, flags }));
}

function kvDelete(state: ConsulState, request: ApiRequest, key: string): ApiResponse {
  if (request.access !== 'allowed') return PERMISSION_DENIED;
  const recurse = request.query.has('recurse');
  if (key === '' && !recurse) return text(400, 'Missing key name');
  const cas = uintParam(request.query, 'cas');
  if (cas === null) return text(400, 'Invalid cas');
  return json(state.kv.delete(key, { recurse, cas }));
}

function notFound(index: number): ApiResponse {
  return { status: 404, body: '', contentType: 'text/plain; charset=utf-8', headers: queryMeta(index) };
}

/** Consul's boolean query parameters: present without a value means true; otherwise Go's strconv.ParseBool. */
function boolParam(query: URLSearchParams, name: string): boolean | undefined {
  const value = query.get(name);
  if (value === null) return false;
  if (['', '1', 't', 'T', 'true', 'TRUE', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(value)) return false;
  return undefined;
}

/** An unsigned integer parameter: undefined when absent, null when malformed. */
function uintParam(query: URLSearchParams, name: string): number | undefined | null {
  const value = query.get(name);
  if (value === null) return undefined;
  const number = Number(value);
  return value !== '' && Number.isSafeInteger(number) && number >= 0 ? number : null;
}
