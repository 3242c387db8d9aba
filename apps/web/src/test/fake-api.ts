import { vi } from 'vitest';

/** A request the page sent, as the fake server saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  body: unknown;
}

type Handler = (request: SeenRequest) => Response | Promise<Response>;

/** `{ 'GET /api/v1/cart': handler }`: the routes the fake server answers; anything else is a 404 problem. */
export type Routes = Record<string, Handler>;

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** A problem+json answer as the gateway writes it. */
export function problem(
  status: number,
  code: string,
  detail: string,
  errors?: Array<{ field: string; messages: string[] }>,
): Response {
  const requestId = `req-${code.toLowerCase()}`;
  return new Response(
    JSON.stringify({ type: 'about:blank', title: code, status, code, detail, requestId, errors }),
    { status, headers: { 'content-type': 'application/problem+json', 'x-request-id': requestId } },
  );
}

/** What a fetch that never reaches the server does. */
export function networkFailure(): never {
  throw new TypeError('Failed to fetch');
}

/**
 * Puts a small in-memory server in place of `fetch` (the app's client looks `fetch` up at each call) and records
 * every request. Only the network is fake: the pages, the session, react-query and the client are the app's own.
 */
export function fakeApi(routes: Routes) {
  const requests: SeenRequest[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
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
    const handler = routes[`${seen.method} ${seen.path}`];
    return handler ? handler(seen) : problem(404, 'NOT_FOUND', `No route ${seen.method} ${seen.path}`);
  });
  vi.stubGlobal('fetch', fetch);
  return {
    requests,
    /** The requests sent to one route, in order. */
    sent: (method: string, path: string) => requests.filter((r) => r.method === method && r.path === path),
  };
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
