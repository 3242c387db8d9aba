import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { REQUEST_ID_HEADER } from '@bazaar/contracts';
import { HttpMetrics } from '@bazaar/metrics';
import { traceCarrierOf, TraceScope, Tracing } from '@bazaar/observability';
import { RequestContext } from '../context/request-context';
import { LifecycleService } from '../lifecycle/lifecycle.service';

interface HookDependencies {
  logger: Logger;
  metrics: HttpMetrics;
  lifecycle: LifecycleService;
  logRequests: boolean;
}

const QUIET_ROUTES = /^\/(health|metrics)/;
const startedAt = new WeakMap<
  FastifyRequest,
  { start: bigint; leave: () => void; span: TraceScope | undefined }
>();

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
    // A client that hangs up early never reaches onResponse: the response's 'close' releases its in-flight slot
    // so shutdown does not wait for it. (Fastify's onRequestAbort misses a client that hangs up after sending a
    // whole body: it fires only for a request Node still marks `aborted`.)
    reply.raw.once('close', leave);
    const span = serverSpanOf(request);
    startedAt.set(request, { start: process.hrtime.bigint(), leave, span });
    Tracing.within(span, () => RequestContext.run({ requestId: String(request.id) }, done));
  });

  fastify.addHook('onResponse', (request, reply, done) => {
    const timing = startedAt.get(request);
    if (timing) {
      timing.leave();
      const seconds = Number(process.hrtime.bigint() - timing.start) / 1e9;
      const route = request.routeOptions.url ?? 'unmatched';
      deps.metrics.observe(request.method, route, reply.statusCode, seconds);
      if (timing.span) {
        timing.span.span.setAttribute('http.response.status_code', reply.statusCode);
        timing.span.end({ outcome: String(reply.statusCode), failed: reply.statusCode >= 500 });
      }
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

/**
 * The span of a request, continuing the client's trace when it sent a `traceparent`; none for health probes and
 * scrapes (an orchestrator's every few seconds would drown the traces people look for) or when tracing is off.
 */
function serverSpanOf(request: FastifyRequest): TraceScope | undefined {
  if (!Tracing.enabled) return undefined;
  const route = request.routeOptions.url;
  if (route && QUIET_ROUTES.test(route)) return undefined;
  return Tracing.start(`${request.method} ${route ?? 'unmatched'}`, {
    kind: 'server',
    parent: traceCarrierOf(request.headers),
    attributes: {
      'http.request.method': request.method,
      'http.route': route ?? 'unmatched',
      'url.path': request.url.split('?')[0],
      'bazaar.request_id': String(request.id),
    },
  });
}
