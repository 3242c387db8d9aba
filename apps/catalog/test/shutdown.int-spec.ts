import { ClientProxy } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { CATALOG_PATTERNS, ProductPage } from '@bazaar/contracts';
import { RunningService } from '@bazaar/platform';
import { BootedCatalog, bootCatalog } from './boot-catalog';

/** SIGTERM semantics, through the same shutdown path the signal handler runs. */
describe('catalog graceful shutdown', () => {
  let catalog: BootedCatalog;
  let service: RunningService;
  let client: ClientProxy;
  let ops: string;

  beforeAll(async () => {
    catalog = await bootCatalog({ CATALOG_SEED: 'true', SHUTDOWN_DRAIN_MS: '1500' });
    ({ service, client, ops } = catalog);
  });

  // The test itself shuts the service down; only the client and the database remain.
  afterAll(async () => {
    delete process.env.SHUTDOWN_DRAIN_MS;
    await client?.close();
    await catalog?.database.drop();
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
