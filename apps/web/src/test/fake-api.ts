import { answerWith, type FakeAnswer } from './fake-fetch';

/** A request the page sent, as the fake server saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  body: unknown;
}

type Handler = (request: SeenRequest) => FakeAnswer | Promise<FakeAnswer>;

/** `{ 'GET /api/v1/cart': handler }`: the routes the fake server answers; anything else is a 404 problem. */
export type Routes = Record<string, Handler>;

export function json(status: number, body: unknown, headers: Record<string, string> = {}): FakeAnswer {
  return { status, body, headers };
}

/** A problem+json answer as the gateway writes it, with its request ID in the body and the header. */
export function problem(
  status: number,
  code: string,
  detail: string,
  errors?: Array<{ field: string; messages: string[] }>,
): FakeAnswer {
  const requestId = `req-${code.toLowerCase()}`;
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

/**
 * Answers the app's requests by route (through the fake network of fake-fetch.ts) and records each one with its
 * parsed body. Only the network is fake: the pages, the session, react-query and the client are the app's own.
 */
export function fakeApi(routes: Routes) {
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
    const handler = routes[`${seen.method} ${seen.path}`];
    return handler ? handler(seen) : problem(404, 'NOT_FOUND', `No route ${seen.method} ${seen.path}`);
  });
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
