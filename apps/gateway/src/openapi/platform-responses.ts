import { getSchemaPath, OpenAPIObject, OperationObject, ResponseObject } from '@nestjs/swagger';
import { JSON_MAX_DEPTH } from '@bazaar/platform';
import { ProblemDto } from './problem.dto';

const problemResponse = (description: string): ResponseObject => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) } } },
});

/**
 * The answers every operation can give whatever it does, named once in `components.responses`. They come from the
 * layers every request passes through before (or instead of) its handler: Node's HTTP parser (400, 408, 431),
 * Fastify's router and body parser (400, 413, 414, 415), the platform's validation pipe (400), the gateway's
 * global guards (401 for a bad bearer token on any route, 429 for the global rate limit), its ETag plugin (304
 * for a GET whose `If-None-Match` matches), and the RPC clients (503).
 */
const PLATFORM_RESPONSES = {
  NotModified: {
    description: 'Unchanged since the `ETag` sent in `If-None-Match`; no body',
  },
  BadRequest: problemResponse(
    'Invalid input; `errors` names each field. Any request is refused so when a value holds the NUL character ' +
      '(U+0000), the path is not valid percent-encoding, the body is not JSON or nests arrays and objects ' +
      `more than ${JSON_MAX_DEPTH} levels deep, or the bytes are not HTTP`,
  ),
  Unauthorized: problemResponse(
    'No valid access token: missing where the route needs one, or sent but malformed, expired or signed by an ' +
      'unknown key (refused on every route, public ones too); on the routes that take them, wrong credentials ' +
      'or an invalid refresh token',
  ),
  RequestTimeout: problemResponse('The request line and headers were not sent in time'),
  PayloadTooLarge: problemResponse('Request body too large'),
  UriTooLong: problemResponse('A path parameter is longer than the server accepts'),
  UnsupportedMediaType: problemResponse('The body is not `application/json`'),
  TooManyRequests: problemResponse('Rate limit reached; `Retry-After` says when to retry'),
  HeadersTooLarge: problemResponse('The request line (the query string included) and headers are too large'),
  InternalError: problemResponse('Unexpected error (details are in the logs under the request ID)'),
  ServiceUnavailable: problemResponse(
    'A service behind the gateway is unavailable or did not answer in time, or the gateway is shutting down',
  ),
} satisfies Record<string, ResponseObject>;

type PlatformResponse = keyof typeof PLATFORM_RESPONSES;

const EVERY_OPERATION: Array<[number, PlatformResponse]> = [
  [400, 'BadRequest'],
  [401, 'Unauthorized'],
  [408, 'RequestTimeout'],
  [429, 'TooManyRequests'],
  [431, 'HeadersTooLarge'],
  [500, 'InternalError'],
  [503, 'ServiceUnavailable'],
];
/** Fastify reads a body on these methods only, so only they can refuse one. */
const BODY_METHODS = new Set(['post', 'put', 'patch', 'delete']);
const WITH_BODY: Array<[number, PlatformResponse]> = [
  [413, 'PayloadTooLarge'],
  [415, 'UnsupportedMediaType'],
];

/** The statuses the platform adds to one operation, by its method and path. */
function platformStatusesOf(method: string, path: string): Array<[number, PlatformResponse]> {
  return [
    ...EVERY_OPERATION,
    ...(method === 'get' ? [[304, 'NotModified'] as [number, PlatformResponse]] : []),
    ...(BODY_METHODS.has(method) ? WITH_BODY : []),
    // Fastify's router limits each path parameter's length (maxParamLength).
    ...(path.includes('{') ? [[414, 'UriTooLong'] as [number, PlatformResponse]] : []),
  ];
}

/**
 * Adds to every operation the statuses the platform can answer it with, as references to
 * `components.responses`, unless the operation documents that status itself (its own words win). Operations
 * added later get them too: nothing here names a route.
 */
export function withPlatformResponses(document: OpenAPIObject): OpenAPIObject {
  document.components = {
    ...document.components,
    responses: { ...document.components?.responses, ...PLATFORM_RESPONSES },
  };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item) as Array<[string, OperationObject]>) {
      if (typeof operation !== 'object' || !('responses' in operation)) continue;
      const responses = { ...operation.responses };
      for (const [status, name] of platformStatusesOf(method, path)) {
        responses[status] ??= { $ref: `#/components/responses/${name}` };
      }
      operation.responses = sortedByStatus(responses);
    }
  }
  return document;
}

function sortedByStatus<T>(responses: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
}
