import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { REQUEST_ID_HEADER } from '@bazaar/contracts';
import { HttpMetrics } from '@bazaar/metrics';
import { RequestContext } from '../context/request-context';
import { LifecycleService } from '../lifecycle/lifecycle.service';

interface HookDependencies {
  logger: Logger;
  metrics: HttpMetrics;
  lifecycle: LifecycleService;
  logRequests: boolean;
}

const QUIET_ROUTES = /^\/(health|metrics)/;
const startedAt = new WeakMap<FastifyRequest, { start: bigint; leave: () => void }>();

/**
 * Per HTTP request: echo the request ID, run the handler inside its request context, count it in flight,
 * record its duration by route template, and write one access-log line. (Errors Fastify raises before a
 * handler runs, such as 413, reach the platform's exception filter through Nest's own Fastify error handler.)
 */
export function installHttpHooks(fastify: FastifyInstance, deps: HookDependencies): void {
  // The rest of the request runs inside `done`: docs/adr/0001-logger-and-request-context.md
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    const leave = deps.lifecycle.enter();
    startedAt.set(request, { start: process.hrtime.bigint(), leave });
    // A client that hangs up early never reaches onResponse: the response's 'close' releases its in-flight slot
    // so shutdown does not wait for it. (Fastify's onRequestAbort misses a client that hangs up after sending a
    // whole body: it fires only for a request Node still marks `aborted`.)
    reply.raw.once('close', leave);
    RequestContext.run({ requestId: String(request.id) }, done);
  });

  fastify.addHook('onResponse', (request, reply, done) => {
    const timing = startedAt.get(request);
    if (timing) {
      timing.leave();
      const seconds = Number(process.hrtime.bigint() - timing.start) / 1e9;
      const route = request.routeOptions.url ?? 'unmatched';
      deps.metrics.observe(request.method, route, reply.statusCode, seconds);
      if (deps.logRequests && !QUIET_ROUTES.test(route)) {
        // The logger's mixin stamps the request ID; hooks after the handler may run outside its context.
        RequestContext.run({ requestId: String(request.id) }, () =>
          deps.logger.info(
            {
              method: request.method,
              url: request.url,
              route,
              status: reply.statusCode,
              durationMs: Math.round(seconds * 10_000) / 10,
            },
            'request completed',
          ),
        );
      }
    }
    done();
  });
}
