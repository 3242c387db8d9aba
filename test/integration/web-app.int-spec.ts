import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { problemOf } from '../support/api';
import { BootedGateway, bootGateway } from '../support/boot-gateway';
import { WebBuild, writeWebBuild } from '../support/web-build';

/**
 * The gateway's Content-Security-Policy, written out: the web app is built to run under it (no inline script or
 * style of its own), so a change to it must be a deliberate change of this line too.
 */
const CSP =
  "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';" +
  "frame-ancestors 'none';img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';" +
  "style-src 'self' 'unsafe-inline';connect-src 'self'";

interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The bytes as sent, still compressed when content-encoding says so. */
  bytes: Buffer;
}

/** A request whose answer is read as it came over the wire: fetch would decompress it and hide how. */
function raw(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          bytes: Buffer.concat(chunks),
        }),
      );
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end();
  });
}

/** The web app served by the gateway alone, from a build folder given in WEB_ROOT. */
describe('the web app served by the gateway (integration)', () => {
  let build: WebBuild;
  let gateway: BootedGateway;

  beforeAll(async () => {
    build = writeWebBuild();
    gateway = await bootGateway({ WEB_ROOT: build.root });
  }, 60_000);

  afterAll(async () => {
    await gateway?.close();
    build?.remove();
  });

  const get = (url: string, headers: Record<string, string> = {}) => raw(`${gateway.url}${url}`, headers);

  describe('index.html for the app and each of its routes', () => {
    it.each([
      '/',
      '/admin',
      '/admin/orders',
      '/admin/dead-letters/42',
      '/products/3f2a',
      '/cart',
      '/checkout',
    ])('%s: the index, not cached without revalidation, under the CSP', async (url) => {
      const answer = await get(url);
      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(answer.bytes.toString()).toBe(build.indexHtml);
      expect(answer.headers['cache-control']).toBe('no-cache');
      expect(answer.headers['content-security-policy']).toBe(CSP);
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
    });

    it.each(['/orders', '/orders/9b1c', '/notifications', '/sign-in', '/sign-up', '/index.html'])(
      '%s: the index too (a reload of a deep link)',
      async (url) => {
        const answer = await get(url);
        expect(answer.status).toBe(200);
        expect(answer.bytes.toString()).toBe(build.indexHtml);
        expect(answer.headers['cache-control']).toBe('no-cache');
      },
    );

    it('revalidates with 304 by ETag and by Last-Modified', async () => {
      const first = await get('/');
      const etag = first.headers.etag;
      const lastModified = first.headers['last-modified'];
      expect(etag).toMatch(/^(W\/)?"[^"]+"$/);
      expect(lastModified).toBeTruthy();
      const byEtag = await get('/admin', { 'if-none-match': etag! });
      expect(byEtag.status).toBe(304);
      expect(byEtag.bytes.length).toBe(0);
      expect(byEtag.headers['cache-control']).toBe('no-cache');
      expect((await get('/', { 'if-modified-since': lastModified! })).status).toBe(304);
      // Another build's index: served in full.
      expect((await get('/', { 'if-none-match': 'W/"another-build"' })).status).toBe(200);
    });

    it('answers HEAD with the headers and no body', async () => {
      const head = await raw(`${gateway.url}/cart`, {}, 'HEAD');
      expect(head.status).toBe(200);
      expect(head.bytes.length).toBe(0);
      expect(head.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(head.headers['cache-control']).toBe('no-cache');
      expect(head.headers['content-security-policy']).toBe(CSP);
    });
  });

  describe('assets and root files', () => {
    it('serves a hashed asset as immutable for a year, under the CSP', async () => {
      const answer = await get(build.script.url);
      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toMatch(/^(application|text)\/javascript/);
      expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(answer.headers['content-security-policy']).toBe(CSP);
      expect(answer.headers['content-encoding']).toBeUndefined();
      expect(answer.bytes.toString()).toBe(build.script.body);
      const css = await get(build.stylesheet.url);
      expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
      expect(css.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect((await raw(`${gateway.url}${build.script.url}`, {}, 'HEAD')).status).toBe(200);
    });

    it.each([
      ['br', zlib.brotliDecompressSync],
      ['gzip', zlib.gunzipSync],
    ] as const)('compresses a large asset with %s when asked', async (encoding, decompress) => {
      const answer = await get(build.script.url, { 'accept-encoding': encoding });
      expect(answer.status).toBe(200);
      expect(answer.headers['content-encoding']).toBe(encoding);
      expect(answer.headers.vary).toMatch(/accept-encoding/i);
      expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(answer.bytes.length).toBeLessThan(Buffer.byteLength(build.script.body) / 4);
      expect(decompress(answer.bytes).toString()).toBe(build.script.body);
    });

    it('compresses the index too, and says the answer varies by encoding', async () => {
      const plain = await get('/');
      expect(plain.headers.vary).toMatch(/accept-encoding/i);
      const answer = await get('/admin', { 'accept-encoding': 'gzip' });
      // Under the 1 KiB threshold the stream is compressed all the same: the size of a file is not looked at.
      expect(answer.headers['content-encoding']).toBe('gzip');
      expect(zlib.gunzipSync(answer.bytes).toString()).toBe(build.indexHtml);
    });

    it('serves the files at the root with a short life', async () => {
      const answer = await get(build.favicon.url);
      expect(answer.status).toBe(200);
      expect(answer.headers['content-type']).toBe('image/svg+xml');
      expect(answer.headers['cache-control']).toBe('public, max-age=3600');
      expect(answer.bytes.toString()).toBe(build.favicon.body);
    });
  });

  describe('what is not the app stays as it was', () => {
    it.each([
      '/api/v1/no-such-route',
      '/api/v1/products/x/y/z',
      '/api',
      '/assets/index-missing.js',
      '/no-such-page',
      '/products',
      '/admin.php',
      '/.env',
      '/assets/..%2f..%2fpackage.json',
      '/%2e%2e/package.json',
    ])('%s: 404 problem+json', async (url) => {
      const response = await fetch(`${gateway.url}${url}`);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-security-policy')).toBe(CSP);
      expect((await problemOf(response)).code).toBe('NOT_FOUND');
    });

    it('answers the API as before, under the same CSP', async () => {
      const response = await fetch(`${gateway.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 42 }),
      });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-security-policy')).toBe(CSP);
      expect((await problemOf(response)).code).toBe('VALIDATION_FAILED');
    });

    it('keeps /docs, /health and /metrics', async () => {
      const docs = await fetch(`${gateway.url}/docs/json`);
      expect(docs.status).toBe(200);
      expect(((await docs.json()) as { openapi: string }).openapi).toMatch(/^3\./);
      const ui = await fetch(`${gateway.url}/docs`);
      expect(ui.status).toBe(200);
      expect(await ui.text()).toContain('swagger-ui');
      expect(ui.headers.get('content-security-policy')).toBe(CSP);
      expect((await fetch(`${gateway.url}/health/live`)).status).toBe(200);
      const metrics = await fetch(`${gateway.url}/metrics`);
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toContain('http_request');
    });
  });

  describe('without a build', () => {
    let empty: string;
    let bare: BootedGateway;

    beforeAll(async () => {
      empty = fs.mkdtempSync(path.join(os.tmpdir(), 'bazaar-no-web-'));
      bare = await bootGateway({ WEB_ROOT: empty });
    }, 60_000);

    afterAll(async () => {
      await bare?.close();
      fs.rmSync(empty, { recursive: true, force: true });
    });

    it('starts, and answers the app routes with a 404 problem that says how to build it', async () => {
      for (const url of ['/', '/admin/orders']) {
        const response = await fetch(`${bare.url}${url}`);
        expect(response.status).toBe(404);
        expect(response.headers.get('content-security-policy')).toBe(CSP);
        const body = await problemOf(response);
        expect(body.code).toBe('NOT_FOUND');
        expect(body.detail).toMatch(/web app is not built/);
        expect(body.detail).toContain('npm run build:web');
        // The server's folders are for its log, not for whoever asks.
        expect(body.detail).not.toContain(empty);
      }
      expect((await fetch(`${bare.url}/health/live`)).status).toBe(200);
    });

    it('serves a build made while it runs, on the next load', async () => {
      const later = writeWebBuild();
      try {
        fs.cpSync(later.root, empty, { recursive: true });
        const answer = await fetch(`${bare.url}/checkout`);
        expect(answer.status).toBe(200);
        expect(await answer.text()).toBe(later.indexHtml);
        expect((await fetch(`${bare.url}${later.script.url}`)).status).toBe(200);
      } finally {
        later.remove();
      }
    });
  });
});
