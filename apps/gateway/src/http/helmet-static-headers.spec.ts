import http from 'node:http';
import net from 'node:net';
import helmet from 'helmet';
import { HeaderMiddleware, recordedHeaders, securityHeaders } from './security-headers';

/** Headers every HTTP server sends about the connection and body, not helmet's. */
const TRANSPORT_HEADERS = new Set([
  'date',
  'connection',
  'keep-alive',
  'content-length',
  'transfer-encoding',
]);

/** Requests that could make a request-aware header policy answer differently. */
const REQUESTS: Array<Record<string, string>> = [
  {},
  { 'x-forwarded-proto': 'https' },
  { 'user-agent': 'Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1)' },
  { origin: 'https://elsewhere.example', accept: 'text/html' },
];

/**
 * securityHeaders() runs helmet once against a recording response and sets the result on every reply
 * (docs/adr/0004-security-headers-computed-once.md). That holds while helmet's middleware sets its headers only
 * through setHeader/removeHeader, synchronously, whatever the request: checked here against real responses.
 */
describe('helmet behaviour the precomputed security headers rely on', () => {
  const variants: Array<[string, HeaderMiddleware]> = [
    ['defaults', helmet()],
    [
      'a content security policy with directives',
      helmet({
        contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], upgradeInsecureRequests: null } },
        crossOriginResourcePolicy: { policy: 'same-site' },
      }),
    ],
  ];

  it.each(variants)(
    'with %s: sets the same headers on a real response, whatever the request',
    async (_, middleware) => {
      const recorded = recordedHeaders(middleware);
      for (const request of REQUESTS) {
        await expect(servedBy(middleware, request)).resolves.toEqual(recorded);
      }
    },
  );

  it('precomputes exactly the headers helmet sets on a real response', async () => {
    const served = await servedBy(helmet(), {});
    expect(Object.keys(securityHeaders()).sort()).toEqual(Object.keys(served).sort());
  });
});

/** helmet's headers on a real Node response to a real request with the given headers. */
async function servedBy(
  middleware: HeaderMiddleware,
  requestHeaders: Record<string, string>,
): Promise<Record<string, string>> {
  const server = http.createServer((req, res) => middleware(req, res, () => res.end('{}')));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as net.AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/api/v1/products`, { headers: requestHeaders });
    await response.text();
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      if (!TRANSPORT_HEADERS.has(name)) headers[name] = value;
    });
    return headers;
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}
