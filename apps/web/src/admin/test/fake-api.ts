/**
 * A small fake of the gateway for component tests: answers the routes a test declares, records every request,
 * and answers 501 (failing the test visibly) for anything else. Only the network is faked; the components, the
 * typed client and react-query run as in the browser.
 */
export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  body: unknown;
}

type Handler = (request: SeenRequest, params: Record<string, string>) => Response | Promise<Response>;

interface Route {
  method: string;
  /** The path's segments; one starting with `:` matches any segment and names it. */
  segments: string[];
  handler: Handler;
}

/** The named segments of `path` when it matches the route's segments, else undefined. */
function matchPath(segments: string[], path: string): Record<string, string> | undefined {
  const parts = path.split('/');
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, segment] of segments.entries()) {
    if (segment.startsWith(':')) params[segment.slice(1)] = decodeURIComponent(parts[index]);
    else if (segment !== parts[index]) return undefined;
  }
  return params;
}

export class FakeApi {
  readonly requests: SeenRequest[] = [];
  private readonly routes: Route[] = [];

  /** `path` like `/api/v1/inventory/:sku`; the latest route declared for a request wins. */
  on(method: string, path: string, handler: Handler): this {
    this.routes.unshift({ method, segments: path.split('/'), handler });
    return this;
  }

  /** The requests made to one method and path, in order. */
  made(method: string, path: string): SeenRequest[] {
    return this.requests.filter((request) => request.method === method && request.path === path);
  }

  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    const text = await request.clone().text();
    const seen: SeenRequest = {
      method: request.method,
      path: url.pathname,
      query: url.searchParams,
      headers: request.headers,
      body: text ? (JSON.parse(text) as unknown) : undefined,
    };
    this.requests.push(seen);
    for (const route of this.routes) {
      const params = route.method === seen.method ? matchPath(route.segments, seen.path) : undefined;
      if (params) return route.handler(seen, params);
    }
    return problem(501, { code: 'INTERNAL', title: 'No fake route', detail: `${seen.method} ${seen.path}` });
  };
}

export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

export function noContent(): Response {
  return new Response(null, { status: 204 });
}

/** A problem+json answer as the gateway writes it. */
export function problem(
  status: number,
  fields: { code: string; title: string; detail?: string; requestId?: string; errors?: unknown[] },
): Response {
  return new Response(JSON.stringify({ type: 'about:blank', status, ...fields }), {
    status,
    headers: { 'content-type': 'application/problem+json' },
  });
}
