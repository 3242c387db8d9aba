import { ClientProxy } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import {
  CATALOG_PATTERNS,
  PLATFORM_PATTERNS,
  ProductPage,
  ProductView,
  RpcErrorBody,
} from '@bazaar/contracts';
import { RunningService } from '@bazaar/platform';
import { CatalogSeed } from '../src/seed/catalog-seed';
import { BootedCatalog, bootCatalog } from './boot-catalog';

/** The catalog on its real TCP transport and a fresh database, driven by a Nest ClientProxy like the gateway. */
describe('catalog over its TCP transport', () => {
  let catalog: BootedCatalog;
  let service: RunningService;
  let client: ClientProxy;

  const call = <T>(pattern: string, data: unknown, requestId = 'it-request'): Promise<T> =>
    lastValueFrom(client.send<T>(pattern, { meta: { requestId }, data }));
  const failure = async (pattern: string, data: unknown): Promise<RpcErrorBody> => {
    try {
      await call(pattern, data);
    } catch (error) {
      return error as RpcErrorBody;
    }
    throw new Error(`${pattern} succeeded but was expected to fail`);
  };

  beforeAll(async () => {
    catalog = await bootCatalog();
    ({ service, client } = catalog);
  });

  afterAll(() => catalog?.close());

  const newProduct = (sku: string, overrides: Record<string, unknown> = {}) => ({
    sku,
    name: `Test product ${sku}`,
    description: 'Made for the integration test.',
    priceMinor: 1999,
    currency: 'EUR',
    category: 'apparel',
    ...overrides,
  });

  it('answers the platform ping', async () => {
    await expect(call(PLATFORM_PATTERNS.ping, {})).resolves.toEqual({ service: 'catalog', ok: true });
  });

  it('seeds the demo catalog once: a second run inserts nothing', async () => {
    const seed = service.app.get(CatalogSeed);
    await expect(seed.run()).resolves.toBeGreaterThanOrEqual(200);
    await expect(seed.run()).resolves.toBe(0);
  });

  it('pages through every product exactly once, in a stable order', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await call<ProductPage>(CATALOG_PATTERNS.listProducts, { limit: 37, cursor });
      seen.push(...page.items.map((p) => p.id));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor && pages < 50);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(210);
    expect([...seen].sort()).toEqual(seen);
  });

  it('filters by category and searches name and description case-insensitively', async () => {
    const books = await call<ProductPage>(CATALOG_PATTERNS.listProducts, { category: 'books', limit: 100 });
    expect(books.items).toHaveLength(21);
    expect(books.items.every((p) => p.category.slug === 'books')).toBe(true);

    const merino = await call<ProductPage>(CATALOG_PATTERNS.listProducts, { q: 'MERINO', limit: 100 });
    expect(merino.items.length).toBeGreaterThan(0);
    for (const p of merino.items) expect(`${p.name} ${p.description}`.toLowerCase()).toContain('merino');
  });

  it('treats LIKE wildcards in the search text literally', async () => {
    await call(CATALOG_PATTERNS.createProduct, newProduct('WILD-1', { name: 'Discount 100% off' }));
    const percent = await call<ProductPage>(CATALOG_PATTERNS.listProducts, { q: '100%' });
    expect(percent.items.map((p) => p.sku)).toEqual(['WILD-1']);
    const underscore = await call<ProductPage>(CATALOG_PATTERNS.listProducts, { q: '_' });
    expect(underscore.items).toHaveLength(0);
  });

  it('creates, reads, updates and deletes a product', async () => {
    const created = await call<ProductView>(CATALOG_PATTERNS.createProduct, newProduct('CRUD-1'));
    expect(created).toMatchObject({ sku: 'CRUD-1', price: { amountMinor: 1999, currency: 'EUR' } });
    await expect(call(CATALOG_PATTERNS.getProduct, { id: created.id })).resolves.toEqual(created);

    const updated = await call<ProductView>(CATALOG_PATTERNS.updateProduct, {
      id: created.id,
      changes: { priceMinor: 2499, category: 'books' },
    });
    expect(updated).toMatchObject({ price: { amountMinor: 2499 }, category: { slug: 'books' } });

    await call(CATALOG_PATTERNS.deleteProduct, { id: created.id });
    await expect(failure(CATALOG_PATTERNS.getProduct, { id: created.id })).resolves.toMatchObject({
      code: 'PRODUCT_NOT_FOUND',
    });
  });

  it('stores SQL-looking and script-looking text literally', async () => {
    const name = `Robert'); DROP TABLE product;-- <script>alert(1)</script>`;
    const created = await call<ProductView>(CATALOG_PATTERNS.createProduct, newProduct('LIT-1', { name }));
    await expect(call<ProductView>(CATALOG_PATTERNS.getProduct, { id: created.id })).resolves.toMatchObject({
      name,
    });
  });

  it('rejects a duplicate SKU and leaves the first product unchanged', async () => {
    const first = await call<ProductView>(CATALOG_PATTERNS.createProduct, newProduct('DUP-1'));
    await expect(
      failure(CATALOG_PATTERNS.createProduct, newProduct('DUP-1', { name: 'Other' })),
    ).resolves.toEqual({
      code: 'PRODUCT_SKU_TAKEN',
      message: 'A product with SKU "DUP-1" already exists.',
      details: { sku: 'DUP-1' },
    });
    await expect(call(CATALOG_PATTERNS.getProduct, { id: first.id })).resolves.toEqual(first);
  });

  it('validates payloads at the service too, naming each field', async () => {
    const error = await failure(
      CATALOG_PATTERNS.createProduct,
      newProduct('bad sku', { priceMinor: -1, extra: 1 }),
    );
    expect(error.code).toBe('VALIDATION_FAILED');
    const fields = (error.details?.fields as Array<{ field: string }>).map((f) => f.field).sort();
    expect(fields).toEqual(['extra', 'priceMinor', 'sku']);
  });

  it('refuses the NUL character, which PostgreSQL cannot store, naming the field', async () => {
    const fieldsOf = (error: { details?: Record<string, unknown> }) =>
      (error.details?.fields as Array<{ field: string }>).map((f) => f.field);
    const search = await failure(CATALOG_PATTERNS.listProducts, { q: 'merino\u0000' });
    expect([search.code, fieldsOf(search)]).toEqual(['VALIDATION_FAILED', ['q']]);
    const create = await failure(
      CATALOG_PATTERNS.createProduct,
      newProduct('NUL-1', { name: '\u0000', description: 'a\u0000b' }),
    );
    expect([create.code, fieldsOf(create)]).toEqual(['VALIDATION_FAILED', ['name', 'description']]);
  });

  it('holds by-id payloads to the same rules: a UUID and no other field', async () => {
    await expect(failure(CATALOG_PATTERNS.getProduct, { id: 'not-a-uuid' })).resolves.toEqual({
      code: 'VALIDATION_FAILED',
      message: 'Invalid value for: id',
      details: { fields: [{ field: 'id', messages: ['id must be a UUID'] }] },
    });
    await expect(
      failure(CATALOG_PATTERNS.deleteProduct, { id: '01890000-0000-7000-8000-000000000000', force: true }),
    ).resolves.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ field: 'force', messages: ['property force should not exist'] }] },
    });
    await expect(failure(CATALOG_PATTERNS.getProduct, {})).resolves.toMatchObject({
      details: { fields: [{ field: 'id' }] },
    });
  });

  it('reports an unknown category, a malformed cursor and an unknown id with their codes', async () => {
    await expect(
      failure(CATALOG_PATTERNS.createProduct, newProduct('CAT-1', { category: 'nope' })),
    ).resolves.toMatchObject({ code: 'CATEGORY_NOT_FOUND' });
    await expect(
      failure(CATALOG_PATTERNS.listProducts, { cursor: 'bm90LWEtY3Vyc29y' }),
    ).resolves.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ field: 'cursor' }] },
    });
    await expect(
      failure(CATALOG_PATTERNS.getProduct, { id: '01890000-0000-7000-8000-000000000000' }),
    ).resolves.toMatchObject({ code: 'PRODUCT_NOT_FOUND' });
  });

  it('exposes readiness with the database and RPC metrics by pattern and outcome', async () => {
    const ready = await fetch(`http://127.0.0.1:${service.httpPort}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ details: { database: { status: 'up' } } });
    const metrics = await (await fetch(`http://127.0.0.1:${service.httpPort}/metrics`)).text();
    expect(metrics).toMatch(
      /rpc_handler_duration_seconds_count\{[^}]*pattern="catalog.products.get"[^}]*outcome="ok"/,
    );
    expect(metrics).toMatch(/outcome="PRODUCT_NOT_FOUND"/);
  });
});
