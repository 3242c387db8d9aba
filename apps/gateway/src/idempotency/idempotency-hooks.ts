import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { IdempotentRequests } from './idempotent-requests';

/**
 * The half of Idempotency-Key that sees answers as they leave. Install it before any plugin that rewrites
 * bodies in onSend (compression): hooks run in the order they are added, and the answer kept must be the
 * plain one, compressed again for each replay as its request asks.
 */
export function installIdempotencyHooks(app: NestFastifyApplication): void {
  const requests = app.get(IdempotentRequests);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onSend', (request, reply, payload) => requests.beforeSend(request, reply, payload));
  fastify.addHook('onResponse', (request) => requests.afterResponse(request));
  requests.markHooksInstalled();
}
