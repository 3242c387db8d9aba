// Baseline (d), back half: a bare Node TCP server that, for each `<id> <productId>\n`, reads the product and its
// category by primary key with `pg` from catalog's own database (one prepared statement, the platform's pool
// size) and answers `<id> <json>\n`: the product as the platform shows it, with the availability the gateway
// would have cached (given once, as the platform's 1 s cache serves it under load). No batching, no Nest.
'use strict';

const net = require('node:net');
const { Pool } = require('pg');

// DATABASE_POOL_MAX's default in libs/persistence.
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const availability = JSON.parse(process.env.BENCH_AVAILABILITY ?? 'null');
// The columns catalog reads (apps/catalog/src/products/products.repository.ts), by primary key.
const PRODUCT_BY_ID = {
  name: 'product-by-id',
  text: `SELECT p.id, p.sku, p.name, p.description, p.price_minor, p.currency, p.created_at, p.updated_at,
                c.slug AS category_slug, c.name AS category_name
           FROM product p JOIN category c ON c.id = p.category_id
          WHERE p.id = $1`,
};

function productJson(row) {
  return JSON.stringify({
    id: row.id,
    sku: row.sku,
    name: row.name,
    description: row.description,
    price: { amountMinor: row.price_minor, currency: row.currency },
    category: { slug: row.category_slug, name: row.category_name },
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    availability,
  });
}

const server = net.createServer((socket) => {
  socket.setNoDelay(true);
  socket.on('error', () => socket.destroy());
  let buffered = '';
  socket.on('data', (chunk) => {
    buffered += chunk.toString('utf8');
    let newline;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const [id, productId] = buffered.slice(0, newline).split(' ');
      buffered = buffered.slice(newline + 1);
      pool.query({ ...PRODUCT_BY_ID, values: [productId] }).then(
        ({ rows }) => socket.write(`${id} ${rows.length ? productJson(rows[0]) : 'null'}\n`),
        () => socket.write(`${id} null\n`),
      );
    }
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('ready'));
process.on('SIGTERM', () => server.close(() => pool.end().finally(() => process.exit(0))));
