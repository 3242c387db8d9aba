import { vi } from 'vitest';

/** One fake answer: a status and a JSON body (or none), plus headers. */
export interface FakeAnswer {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}
export type FakeRoute = (request: Request) => FakeAnswer | Promise<FakeAnswer>;

/**
 * The network as the app sees it, answered by `route` for each request, which the test can inspect: the only
 * thing faked in component tests. The API client captures `fetch` when its module loads, so the fake is
 * installed as the global before any test file imports it (src/test/setup.ts) and swapped per test here.
 */
let route: FakeRoute = (request) => {
  throw new Error(`no fake answer for ${request.method} ${request.url}`);
};

export const requests: Request[] = [];

export function answerWith(next: FakeRoute): void {
  route = next;
}

export function resetFakeFetch(): void {
  requests.length = 0;
  route = (request) => {
    throw new Error(`no fake answer for ${request.method} ${request.url}`);
  };
}

export const fakeFetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
  const request = input instanceof Request ? input : new Request(input, init);
  requests.push(request.clone());
  const { status = 200, body, headers = {} } = await route(request);
  const json = body === undefined ? null : JSON.stringify(body);
  const type = status >= 400 ? 'application/problem+json' : 'application/json';
  return new Response(json, { status, headers: json ? { 'content-type': type, ...headers } : headers });
});
