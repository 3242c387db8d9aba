import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import etag from '@fastify/etag';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { REQUEST_ID_HEADER } from '@bazaar/contracts';
import { GatewayConfig } from '../gateway.config';
import { installIdempotencyHooks } from '../idempotency/idempotency-hooks';
import { IDEMPOTENCY_KEY_HEADER, REPLAYED_HEADER } from '../idempotency/idempotency-key';
import { buildOpenApiDocument } from '../openapi/openapi-document';
import { serveWebApp } from '../web/serve-web-app';
import { webRootOf } from '../web/web-root';
import { CSRF_HEADER } from '../auth/csrf-token';
import { installSecurityHeaders } from './security-headers';

/** Public request bodies are small JSON documents; anything larger is refused with 413. */
export const GATEWAY_BODY_LIMIT = 64 * 1024;

/**
 * The gateway's HTTP edge: security headers, Idempotency-Key replays, CORS for the configured origins only, compression when the client
 * asks for it, ETags with 304 on If-None-Match for every GET, the web app at / and /admin, and the Swagger UI
 * at /docs (document at /docs/json).
 */
export async function configureGatewayHttp(app: NestFastifyApplication): Promise<void> {
  const config = app.get(GatewayConfig);
  installSecurityHeaders(app);
  // Before compression: the answers kept for Idempotency-Key replays are the uncompressed ones.
  installIdempotencyHooks(app);
  const origins = config.CORS_ORIGINS?.split(',') ?? [];
  if (origins.length > 0) {
    app.enableCors({
      origin: origins,
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: [
        'Authorization',
        'Content-Type',
        'If-None-Match',
        IDEMPOTENCY_KEY_HEADER,
        REQUEST_ID_HEADER,
        CSRF_HEADER,
      ],
      // Without credentials, as before: the browser sessions' cookies are for the web app this gateway serves
      // itself (same origin); another origin's app signs in with the JSON form (docs/adr/0024).
      exposedHeaders: ['ETag', 'Location', 'Retry-After', REPLAYED_HEADER, REQUEST_ID_HEADER],
      maxAge: 600,
    });
  }
  // Parses the browser sessions' cookies; none is signed, none carries anything but a random token.
  await app.register(cookie);
  await app.register(compress, { encodings: ['br', 'gzip', 'deflate'], threshold: 1024 });
  // FNV-1a: a weak validator needs no cryptographic hash, and SHA-1 of every body costs several times as much.
  await app.register(etag, { weak: true, algorithm: 'fnv1a' });
  // The plugin answers 304 to any method whose answer matches If-None-Match: a write would be made, then
  // answered "not modified". Conditional answers are for reads only, as the API document says.
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, _reply, done) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') delete request.headers['if-none-match'];
      done();
    });
  // After compression: its hook applies to the routes registered after it.
  await serveWebApp(app, webRootOf(config.WEB_ROOT));
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs/json',
    yamlDocumentUrl: 'docs/yaml',
    customSiteTitle: 'Bazaar API',
    swaggerOptions: { persistAuthorization: true, displayRequestDuration: true },
  });
}
