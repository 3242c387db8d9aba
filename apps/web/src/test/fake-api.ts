import { answerWith, type FakeAnswer } from './fake-fetch';

/** A request the page sent, as the fake server saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  body: unknown;
}

/** The values of a route's `:name` segments in the path a request went to, by name. */
export type PathParams = Record<string, string>;

type Handler = (request: SeenRequest, params: PathParams) => FakeAnswer | Promise<FakeAnswer>;

/**
 * `{ 'GET /api/v1/cart': handler, 'PUT /api/v1/cart/items/:productId': handler }`: the routes the fake server
 * answers. A segment starting with `:` matches any one segment and hands it to the handler by name.
 */
export type Routes = Record<string, Handler>;

/** The fake server a test talks to: what it was sent, and a way to change an answer mid-test. */
export interface FakeApi {
  /** Every request, in the order sent. */
  readonly requests: SeenRequest[];
  /** The requests sent to one method and concrete path, in order. */
  sent(method: string, path: string): SeenRequest[];
  /** Answers `route` (`'POST /api/v1/products'`) with `handler` from now on, in place of any earlier answer. */
  on(route: string, handler: Handler): FakeApi;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): FakeAnswer {
  return { status, body, headers };
}

export function noContent(): FakeAnswer {
  return { status: 204 };
}

/**
 * A problem+json answer as the gateway writes it, with its request ID in the body and the header (made from the
 * code unless the test names one), and the fields it refuses, if any.
 */
export function problem(
  status: number,
  code: string,
  detail: string,
  more: { requestId?: string; errors?: Array<{ field: string; messages: string[] }> } = {},
): FakeAnswer {
  const { requestId = `req-${code.toLowerCase()}`, errors } = more;
  return {
    status,
    body: { type: 'about:blank', title: code, status, code, detail, requestId, errors },
    headers: { 'x-request-id': requestId },
  };
}

/** What a fetch that never reaches the server does. */
export function networkFailure(): never {
  throw new TypeError('Failed to fetch');
}

/** The named segments of `path` when it fits the route's `pattern` (`/api/v1/users/:id`), else undefined. */
function matchPath(pattern: string, path: string): PathParams | undefined {
  const expected = pattern.split('/');
  const actual = path.split('/');
  if (expected.length !== actual.length) return undefined;
  const params: PathParams = {};
  for (const [index, segment] of expected.entries()) {
    if (segment.startsWith(':')) params[segment.slice(1)] = decodeURIComponent(actual[index]);
    else if (segment !== actual[index]) return undefined;
  }
  return params;
}

/** The handler for a request and its path's named segments: a route without `:` segments wins over one with. */
function routeFor(routes: Routes, method: string, path: string): [Handler, PathParams] | undefined {
  const exact = routes[`${method} ${path}`];
  if (exact) return [exact, {}];
  for (const [route, handler] of Object.entries(routes)) {
    const [routeMethod, pattern] = route.split(' ');
    const params = routeMethod === method ? matchPath(pattern, path) : undefined;
    if (params) return [handler, params];
  }
  return undefined;
}

/**
 * Answers the app's requests by route (through the fake network of fake-fetch.ts) and records each one with its
 * parsed body. Anything it has no route for is a 501 problem, which the page under test shows, failing the test
 * visibly. Only the network is fake: the pages, the session, react-query and the client are the app's own.
 */
export function fakeApi(initial: Routes = {}): FakeApi {
  const routes: Routes = { ...initial };
  const requests: SeenRequest[] = [];
  answerWith(async (request) => {
    const url = new URL(request.url);
    const text = await request.text();
    const seen: SeenRequest = {
      method: request.method,
      path: url.pathname,
      query: url.searchParams,
      headers: request.headers,
      body: text ? (JSON.parse(text) as unknown) : undefined,
    };
    requests.push(seen);
    const found = routeFor(routes, seen.method, seen.path);
    if (!found)
      return problem(501, 'NO_FAKE_ROUTE', `The fake gateway has no route ${seen.method} ${seen.path}`);
    const [handler, params] = found;
    return handler(seen, params);
  });
  const api: FakeApi = {
    requests,
    sent: (method, path) => requests.filter((r) => r.method === method && r.path === path),
    on(route, handler) {
      routes[route] = handler;
      return api;
    },
  };
  return api;
}

export const SHOPPER = {
  id: '0190a000-0000-7000-8000-000000000001',
  email: 'ada@example.com',
  displayName: 'Ada Shopper',
  roles: ['customer'],
  createdAt: '2026-11-30T10:00:00.000Z',
};

/**
 * The routes of a signed-in browser: the refresh cookie trades for an access token, `/me` names the shopper. The
 * session resumes from them as it does after a reload.
 */
export function signedInRoutes(): Routes {
  document.cookie = 'bazaar_csrf=test-csrf';
  return {
    'POST /api/v1/auth/refresh': () =>
      json(200, { accessToken: 'access-token', tokenType: 'Bearer', expiresIn: 900 }),
    'GET /api/v1/me': () => json(200, SHOPPER),
  };
}

/** A browser with no session: no CSRF cookie, so the app does not even try to refresh. */
export function signedOut(): void {
  document.cookie = 'bazaar_csrf=; expires=Thu, 01 Jan 1970 00:00:00 GMT';
}
