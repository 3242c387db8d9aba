import { Pool } from 'pg';
import { register } from 'prom-client';
import { watchPool } from './pool-metrics';

const series = async (name: string) =>
  (await register.getSingleMetric(name)?.get())?.values.map(({ labels, value }) => ({ labels, value })) ?? [];

describe('watchPool', () => {
  const pools: Pool[] = [];
  afterAll(() => Promise.all(pools.map((pool) => pool.end())));

  it("serves each watched pool's connections and size on scrape, and forgets a pool it stopped watching", async () => {
    const orders = new Pool({ max: 3 });
    const catalog = new Pool({ max: 7 });
    pools.push(orders, catalog);
    const unwatchOrders = watchPool(orders, 'orders');
    const unwatchCatalog = watchPool(catalog, 'catalog');

    expect(await series('db_pool_connections')).toEqual(
      expect.arrayContaining([
        { labels: { database: 'orders', state: 'total' }, value: 0 },
        { labels: { database: 'orders', state: 'idle' }, value: 0 },
        { labels: { database: 'orders', state: 'waiting' }, value: 0 },
        { labels: { database: 'catalog', state: 'total' }, value: 0 },
      ]),
    );
    expect(await series('db_pool_max_connections')).toEqual([
      { labels: { database: 'orders' }, value: 3 },
      { labels: { database: 'catalog' }, value: 7 },
    ]);

    unwatchOrders();
    expect(await series('db_pool_max_connections')).toEqual([{ labels: { database: 'catalog' }, value: 7 }]);
    unwatchCatalog();
    expect(await series('db_pool_connections')).toEqual([]);
  });
});
