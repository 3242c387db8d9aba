import { ChildProcess } from 'node:child_process';
import { CATEGORY_SEEDS, CategoryView, ProblemDetails, ProductPage, ProductView } from '@bazaar/contracts';
import { bearer, jsonHeaders, login, problemOf } from '../support/api';
import { LoadLoop } from '../support/load';
import { E2E_ADMIN, isAlive, RunningPlatform, startApp, startPlatform, waitFor } from '../support/platform';

/**
 * The platform as `npm start` runs it — launcher, embedded PostgreSQL, every service its own process — driven
 * through the gateway's public HTTP API only.
 */
describe('catalog through the gateway (e2e)', () => {
  let platform: RunningPlatform;
  let api: string;
  /** The catalog a test started in place of the launcher's, if one did. */
  let catalog: ChildProcess | undefined;

  beforeAll(async () => {
    platform = await startPlatform({ RPC_TIMEOUT_MS: '1000' });
    api = `${platform.gatewayUrl}/api/v1`;
  }, 120_000);

  afterAll(async () => {
    if (catalog && catalog.exitCode === null && catalog.signalCode === null) {
      const exited = new Promise((resolve) => catalog!.once('exit', resolve));
      catalog.kill('SIGTERM');
      await exited;
    }
    if (platform) await expect(platform.stop()).resolves.toBe(0);
  }, 60_000);

  const fieldsOf = (problem: ProblemDetails) => (problem.errors ?? []).map((e) => e.field);

  const firstProduct = async (): Promise<ProductView> => {
    const page = (await (await fetch(`${api}/products?limit=1`)).json()) as ProductPage;
    return page.items[0];
  };

  describe('browsing', () => {
    it('lists the seeded catalog with a default page size and caching headers', async () => {
      const response = await fetch(`${api}/products`);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toMatch(/max-age=\d+/);
      expect(response.headers.get('etag')).toBeTruthy();
      expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      const page = (await response.json()) as ProductPage;
      expect(page.items).toHaveLength(20);
      expect(page.nextCursor).toEqual(expect.any(String));
      expect(page.items[0]).toMatchObject({
        sku: expect.any(String),
        price: { amountMinor: expect.any(Number), currency: 'EUR' },
        category: { slug: expect.any(String), name: expect.any(String) },
      });
    });

    it('pages to the end without duplicates or gaps', async () => {
      const ids: string[] = [];
      let url: string | undefined = `${api}/products?limit=37`;
      for (let pages = 0; url && pages < 20; pages += 1) {
        const page = (await (await fetch(url)).json()) as ProductPage;
        ids.push(...page.items.map((p) => p.id));
        url = page.nextCursor ? `${api}/products?limit=37&cursor=${page.nextCursor}` : undefined;
      }
      expect(url).toBeUndefined();
      expect(ids.length).toBeGreaterThanOrEqual(210);
      expect(new Set(ids).size).toBe(ids.length);
    });

    it('searches and filters by category', async () => {
      const search = (await (await fetch(`${api}/products?q=Merino&limit=100`)).json()) as ProductPage;
      expect(search.items.length).toBeGreaterThan(0);
      for (const p of search.items) expect(`${p.name} ${p.description}`.toLowerCase()).toContain('merino');

      const books = (await (await fetch(`${api}/products?category=books&limit=100`)).json()) as ProductPage;
      expect(books.items.length).toBeGreaterThanOrEqual(21);
      expect(books.items.every((p) => p.category.slug === 'books')).toBe(true);
    });

    it('lists every category by name, cacheable, each slug a working product filter', async () => {
      const response = await fetch(`${api}/categories`);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toMatch(/^public, max-age=\d+/);
      const { items } = (await response.json()) as { items: CategoryView[] };
      expect(items.map((c) => c.slug).sort()).toEqual(CATEGORY_SEEDS.map((c) => c.slug).sort());
      const names = items.map((c) => c.name);
      expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));

      const etag = response.headers.get('etag') as string;
      expect(etag).toBeTruthy();
      const again = await fetch(`${api}/categories`, { headers: { 'if-none-match': etag } });
      expect(again.status).toBe(304);

      const { slug } = items[items.length - 1];
      const filtered = (await (
        await fetch(`${api}/products?category=${slug}&limit=5`)
      ).json()) as ProductPage;
      expect(filtered.items.length).toBeGreaterThan(0);
      expect(filtered.items.every((p) => p.category.slug === slug)).toBe(true);
    });

    it('answers If-None-Match with 304 and no body', async () => {
      const product = await firstProduct();
      const first = await fetch(`${api}/products/${product.id}`);
      expect(first.status).toBe(200);
      expect(await first.json()).toEqual(product);
      const etag = first.headers.get('etag') as string;
      const again = await fetch(`${api}/products/${product.id}`, { headers: { 'if-none-match': etag } });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe('');
    });

    it('compresses responses when asked', async () => {
      const response = await fetch(`${api}/products?limit=50`, { headers: { 'accept-encoding': 'gzip' } });
      expect(response.headers.get('content-encoding')).toBe('gzip');
      expect(((await response.json()) as ProductPage).items).toHaveLength(50);
    });

    it('echoes a given X-Request-Id and carries it into the catalog service logs', async () => {
      const requestId = `e2e-trace-${Date.now()}`;
      const product = await firstProduct();
      const response = await fetch(`${api}/products/${product.id}`, {
        headers: { 'x-request-id': requestId },
      });
      expect(response.headers.get('x-request-id')).toBe(requestId);
      for (const service of ['gateway', 'catalog']) {
        await waitFor(`a ${service} log line with the request ID`, () =>
          Promise.resolve(
            platform.output.some(
              (line) =>
                line.includes(`"service":"${service}"`) && line.includes(`"requestId":"${requestId}"`),
            ),
          ),
        );
      }
    });
  });

  describe('bad input answers problem+json naming the field', () => {
    it.each([
      ['limit=abc', 'limit'],
      ['limit=0', 'limit'],
      ['limit=100000', 'limit'],
      ['cursor=not-a-cursor', 'cursor'],
      ['cursor=' + 'x'.repeat(500), 'cursor'],
      ['unknown=1', 'unknown'],
      [`q=${'a'.repeat(101)}`, 'q'],
      ['category=Not A Slug', 'category'],
    ])('GET /products?%s -> 400 naming %s', async (query, field) => {
      const response = await fetch(`${api}/products?${query}`);
      expect(response.status).toBe(400);
      const problem = await problemOf(response);
      expect(problem.code).toBe('VALIDATION_FAILED');
      expect(fieldsOf(problem)).toContain(field);
    });

    it('404 for an unknown product id, 400 for a malformed one', async () => {
      const unknown = await fetch(`${api}/products/01890000-0000-7000-8000-000000000000`);
      expect(unknown.status).toBe(404);
      expect((await problemOf(unknown)).code).toBe('PRODUCT_NOT_FOUND');
      const malformed = await fetch(`${api}/products/not-a-uuid`);
      expect(malformed.status).toBe(400);
      expect(fieldsOf(await problemOf(malformed))).toEqual(['id']);
    });
  });

  describe('admin writes', () => {
    let adminToken: string;
    beforeAll(async () => {
      adminToken = (await login(platform.gatewayUrl, E2E_ADMIN.email, E2E_ADMIN.password)).accessToken;
    });
    const post = (body: unknown) =>
      fetch(`${api}/products`, {
        method: 'POST',
        headers: jsonHeaders(adminToken),
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    const valid = {
      sku: 'E2E-TOTE-1',
      name: 'Waxed Canvas Tote',
      description: 'Water-resistant waxed cotton.',
      priceMinor: 5900,
      currency: 'EUR',
      category: 'apparel',
    };

    it('creates, updates and deletes a product', async () => {
      const created = await post(valid);
      expect(created.status).toBe(201);
      const product = (await created.json()) as ProductView;
      expect(product).toMatchObject({ sku: 'E2E-TOTE-1', price: { amountMinor: 5900 } });

      const patched = await fetch(`${api}/products/${product.id}`, {
        method: 'PATCH',
        headers: jsonHeaders(adminToken),
        body: JSON.stringify({ priceMinor: 4900 }),
      });
      expect(patched.status).toBe(200);
      expect(((await patched.json()) as ProductView).price.amountMinor).toBe(4900);

      const deleted = await fetch(`${api}/products/${product.id}`, {
        method: 'DELETE',
        headers: bearer(adminToken),
      });
      expect(deleted.status).toBe(204);
      expect((await fetch(`${api}/products/${product.id}`)).status).toBe(404);
    });

    it('409 for a duplicate SKU, leaving the existing product as it was', async () => {
      const existing = await firstProduct();
      const response = await post({ ...valid, sku: existing.sku, name: 'Impostor' });
      expect(response.status).toBe(409);
      expect((await problemOf(response)).code).toBe('PRODUCT_SKU_TAKEN');
      expect(await (await fetch(`${api}/products/${existing.id}`)).json()).toEqual(existing);
    });

    it('400 for a negative price or a missing name, and nothing is written', async () => {
      const negative = await post({ ...valid, sku: 'E2E-NEG-1', priceMinor: -1 });
      expect(negative.status).toBe(400);
      expect(fieldsOf(await problemOf(negative))).toEqual(['priceMinor']);
      const nameless: Partial<typeof valid> = { ...valid, sku: 'E2E-NONAME-1' };
      delete nameless.name;
      const missing = await post(nameless);
      expect(missing.status).toBe(400);
      expect(fieldsOf(await problemOf(missing))).toContain('name');
      // SKUs are unique: had either refused request written its product, creating that SKU now would be a 409.
      for (const sku of ['E2E-NEG-1', 'E2E-NONAME-1']) {
        const created = await post({ ...valid, sku });
        expect(created.status).toBe(201);
        const { id } = (await created.json()) as ProductView;
        expect(
          (await fetch(`${api}/products/${id}`, { method: 'DELETE', headers: bearer(adminToken) })).status,
        ).toBe(204);
      }
    });

    it('413 for a body over the limit, 400 for malformed JSON', async () => {
      const tooLarge = await post({ ...valid, sku: 'E2E-BIG-1', description: 'x'.repeat(100 * 1024) });
      expect(tooLarge.status).toBe(413);
      expect((await problemOf(tooLarge)).code).toBe('PAYLOAD_TOO_LARGE');
      const malformed = await post('{"sku": ');
      expect(malformed.status).toBe(400);
      await problemOf(malformed);
    });
  });

  describe('when the catalog hangs', () => {
    it('answers 503 once the RPC timeout passes, then serves again when it resumes', async () => {
      const product = await firstProduct();
      process.kill(platform.pids.catalog, 'SIGSTOP');
      try {
        const started = Date.now();
        const response = await fetch(`${api}/products/${product.id}`);
        const elapsed = Date.now() - started;
        expect(response.status).toBe(503);
        expect((await problemOf(response)).detail).toMatch(/did not answer in time/);
        // RPC_TIMEOUT_MS is 1000 here: the answer comes after it, and long before anything could call it a hang.
        expect(elapsed).toBeGreaterThanOrEqual(900);
        expect(elapsed).toBeLessThan(5_000);
      } finally {
        process.kill(platform.pids.catalog, 'SIGCONT');
      }
      await waitFor(
        'the catalog to answer again',
        async () => (await fetch(`${api}/products/${product.id}`)).ok,
      );
    });
  });

  it('answers an unknown route with a 404 problem', async () => {
    const response = await fetch(`${api}/nothing-here`);
    expect(response.status).toBe(404);
    expect((await problemOf(response)).code).toBe('NOT_FOUND');
  });

  describe('when the catalog crashes under load', () => {
    it('answers only 503 problem+json while it is gone, and serves again once it is started', async () => {
      const product = await firstProduct();
      const load = new LoadLoop([`${api}/products/${product.id}`, `${api}/products?limit=5`]);
      try {
        await waitFor('traffic to flow', () => Promise.resolve(load.count(200) >= 20));
        const crashed = platform.pids.catalog;
        process.kill(crashed, 'SIGKILL');
        await waitFor('the catalog to be gone', () => Promise.resolve(!isAlive(crashed)));
        const gone = Date.now();
        await waitFor('503s while the catalog is gone', () => Promise.resolve(load.count(503, gone) >= 10));

        // Started on its own (no database URL), the catalog attaches to the running embedded PostgreSQL.
        catalog = startApp('catalog', platform.env);
        const started = Date.now();
        await waitFor(
          'the gateway to serve again',
          () => Promise.resolve(load.count(200, started) >= 20),
          45_000,
        );
      } finally {
        await load.stop();
      }
      const unexpected = load.answers.filter((answer) => answer.status !== 200 && answer.status !== 503);
      expect(unexpected).toEqual([]);
      const unavailable = load.answers.filter((answer) => answer.status === 503);
      expect(unavailable.length).toBeGreaterThanOrEqual(10);
      for (const answer of unavailable) {
        expect(answer.contentType).toMatch(/^application\/problem\+json/);
        expect(answer.code).toBe('SERVICE_UNAVAILABLE');
      }
    }, 90_000);
  });

  describe('when the catalog stops', () => {
    it('answers 503 at once, reports catalog down in readiness, and recovers when it is back', async () => {
      const product = await firstProduct();
      const catalogPid = catalog?.pid ?? platform.pids.catalog;
      process.kill(catalogPid, 'SIGTERM');
      await waitFor('the catalog process to exit', () => Promise.resolve(!isAlive(catalogPid)));

      const started = Date.now();
      const down = await fetch(`${api}/products/${product.id}`);
      expect(down.status).toBe(503);
      expect((await problemOf(down)).code).toBe('SERVICE_UNAVAILABLE');
      // Bounded, not a hang: far below the RPC timeout, since the connection is refused outright.
      expect(Date.now() - started).toBeLessThan(5_000);

      const readiness = await fetch(`${platform.gatewayUrl}/health/ready`);
      expect(readiness.status).toBe(503);
      expect(await readiness.json()).toMatchObject({ error: { catalog: { status: 'down' } } });

      // Started on its own (no database URL), the catalog attaches to the running embedded PostgreSQL.
      const restarted = startApp('catalog', platform.env);
      try {
        await waitFor(
          'the gateway to recover',
          async () => (await fetch(`${api}/products/${product.id}`)).status === 200,
          45_000,
        );
        // Readiness pings every dependency with a short timeout: on a loaded machine give it a few tries.
        await waitFor(
          'the gateway to report ready',
          async () => (await fetch(`${platform.gatewayUrl}/health/ready`)).status === 200,
          15_000,
        );
      } finally {
        restarted.kill('SIGTERM');
        await new Promise((resolve) => restarted.once('exit', resolve));
      }
      expect(restarted.exitCode).toBe(0);
    }, 90_000);
  });
});
