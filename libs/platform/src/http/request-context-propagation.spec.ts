import Fastify, { FastifyInstance } from 'fastify';
import pino from 'pino';
import { Histogram } from 'prom-client';
import { HttpMetrics } from '@bazaar/metrics';
import { RequestContext } from '../context/request-context';
import { LifecycleService } from '../lifecycle/lifecycle.service';
import { installHttpHooks } from './http-hooks';

/**
 * The onRequest hook enters the request context with `RequestContext.run(..., done)`: that relies on Fastify
 * running the rest of the request (other hooks, the handler Nest's router lives in) from inside `done`
 * (docs/adr/0001-logger-and-request-context.md).
 */
describe('Fastify request lifecycle the request context relies on', () => {
  let fastify: FastifyInstance;

  beforeAll(async () => {
    fastify = Fastify();
    installHttpHooks(fastify, {
      logger: pino({ level: 'silent' }),
      metrics: new HttpMetrics(
        new Histogram({
          name: 'context_propagation_seconds',
          help: 'test',
          labelNames: ['method', 'route', 'status_code'],
          registers: [],
        }),
      ),
      lifecycle: new LifecycleService(),
      logRequests: false,
    });
    fastify.addHook('preHandler', async (request) => {
      (request as { seenByHook?: string }).seenByHook = RequestContext.requestId();
    });
    fastify.get('/whoami', async (request) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return {
        id: request.id,
        inHook: (request as { seenByHook?: string }).seenByHook,
        inHandler: RequestContext.requestId(),
      };
    });
    await fastify.ready();
  });

  afterAll(() => fastify.close());

  it('runs later hooks and the handler inside the context entered in onRequest', async () => {
    const responses = await Promise.all([1, 2, 3].map(() => fastify.inject({ url: '/whoami' })));
    const ids = new Set<string>();
    for (const response of responses) {
      const body = response.json<{ id: string; inHook: string; inHandler: string }>();
      expect(body.inHook).toBe(body.id);
      expect(body.inHandler).toBe(body.id);
      expect(response.headers['x-request-id']).toBe(body.id);
      ids.add(body.id);
    }
    expect(ids.size).toBe(3);
  });
});
