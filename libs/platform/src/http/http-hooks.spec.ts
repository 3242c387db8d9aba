import Fastify from 'fastify';
import net from 'node:net';
import pino from 'pino';
import { Histogram } from 'prom-client';
import { HttpMetrics } from '@bazaar/metrics';
import { LifecycleService } from '../lifecycle/lifecycle.service';
import { installHttpHooks } from './http-hooks';

describe('installHttpHooks', () => {
  it.each([
    ['a GET', 'GET /slow HTTP/1.1\r\nHost: x\r\n\r\n'],
    // Its body read in full: Node no longer marks the request aborted when the client goes.
    [
      'a POST with a body',
      'POST /slow HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}',
    ],
  ])('counts %s in flight until it ends, even when the client hangs up first', async (_, request) => {
    const lifecycle = new LifecycleService();
    const histogram = new Histogram({
      name: 'test_http_seconds',
      help: 'test',
      labelNames: ['method', 'route', 'status_code'],
      registers: [],
    });
    const fastify = Fastify();
    installHttpHooks(fastify, {
      logger: pino({ level: 'silent' }),
      metrics: new HttpMetrics(histogram),
      lifecycle,
      logRequests: false,
    });
    let release!: () => void;
    const handlerReached = new Promise<void>((resolve) => {
      fastify.route({
        method: ['GET', 'POST'],
        url: '/slow',
        handler: async () => {
          resolve();
          await new Promise<void>((r) => (release = r));
          return { ok: true };
        },
      });
    });
    await fastify.listen({ port: 0, host: '127.0.0.1' });
    try {
      const { port } = fastify.server.address() as net.AddressInfo;
      const socket = net.connect(port, '127.0.0.1', () => socket.write(request));
      await handlerReached;
      expect(lifecycle.inFlightCount).toBe(1);
      socket.destroy();
      await expect(lifecycle.whenIdle(2_000)).resolves.toBe(true);
      release();
    } finally {
      await fastify.close();
    }
  });
});
