import { ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { CATALOG_PATTERNS, ProductPage } from '@bazaar/contracts';
import { bootstrapService, RunningService } from '@bazaar/platform';
import { freePort } from '../../../test/support/free-port';
import { createTestDatabase, TestDatabase } from '../../../test/support/test-database';
import { AppModule } from '../src/app.module';

/** SIGTERM semantics, through the same shutdown path the signal handler runs. */
describe('catalog graceful shutdown', () => {
  let database: TestDatabase;
  let service: RunningService;
  let client: ClientProxy;
  let ops: string;

  beforeAll(async () => {
    database = await createTestDatabase('catalog');
    const rpcPort = await freePort();
    Object.assign(process.env, {
      CATALOG_DATABASE_URL: database.url,
      CATALOG_RPC_PORT: String(rpcPort),
      CATALOG_HTTP_PORT: '0',
      CATALOG_SEED: 'true',
      SHUTDOWN_DRAIN_MS: '1500',
      LOG_LEVEL: 'warn',
    });
    service = await bootstrapService(AppModule, { name: 'catalog', transport: 'tcp', handleSignals: false });
    ops = `http://127.0.0.1:${service.httpPort}`;
    client = ClientProxyFactory.create({
      transport: Transport.TCP,
      options: { host: '127.0.0.1', port: rpcPort },
    });
  });

  afterAll(async () => {
    delete process.env.SHUTDOWN_DRAIN_MS;
    await client?.close();
    await database?.drop();
  });

  it('turns readiness 503 first, keeps serving in-flight and draining work, then closes', async () => {
    const list = () =>
      lastValueFrom(
        client.send<ProductPage>(CATALOG_PATTERNS.listProducts, { meta: { requestId: 'sd' }, data: {} }),
      );
    expect((await fetch(`${ops}/health/ready`)).status).toBe(200);

    const inFlight = Array.from({ length: 20 }, list);
    const stopped = service.shutdown('test');

    const ready = await fetch(`${ops}/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ error: { lifecycle: { status: 'down' } } });
    expect((await fetch(`${ops}/health/live`)).status).toBe(200);
    // Still answering during the drain window: callers that have not noticed yet lose nothing.
    await expect(list()).resolves.toMatchObject({ items: expect.any(Array) });

    const results = await Promise.all(inFlight);
    expect(results.every((page) => page.items.length === 20)).toBe(true);
    await stopped;
    await expect(fetch(`${ops}/health/live`)).rejects.toThrow();
  });
});
