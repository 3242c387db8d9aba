// Fair baseline for bench/inventory-grpc: a bare @grpc/grpc-js server on the same .proto that runs inventory's
// own SQL statements (apps/inventory/src/reservations/reservations.repository.ts) with `pg` on the same database,
// with the same pool size and the same named prepared statements, one transaction per call. No Nest, no
// validation, no metrics, no logs: what a reservation costs when nothing but the database work is done.
'use strict';

const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const { Pool } = require('pg');

const ROOT = path.resolve(__dirname, '..', '..');
const definition = protoLoader.loadSync(path.join(ROOT, 'libs', 'contracts', 'proto', 'inventory.proto'), {
  keepCase: false,
  enums: String,
  longs: Number,
  defaults: true,
  oneofs: true,
});
const { InventoryService } = grpc.loadPackageDefinition(definition).bazaar.inventory.v1;
// DATABASE_POOL_MAX's default in libs/persistence.
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const TTL_MS = 900_000;

const SQL = {
  claim: {
    name: 'reservation-claim',
    text: `INSERT INTO reservation (id, order_id, status, expires_at, updated_at)
           VALUES ($1, $2, 'RESERVED', $3, now()) ON CONFLICT (id) DO NOTHING`,
  },
  take: {
    name: 'stock-take',
    text: `UPDATE stock SET reserved = reserved + $2, updated_at = now()
           WHERE sku = $1 AND on_hand - reserved >= $2`,
  },
  lines: {
    name: 'reservation-lines',
    text: `INSERT INTO reservation_line (reservation_id, sku, quantity)
           SELECT $1, sku, quantity FROM unnest($2::varchar[], $3::int[]) AS line(sku, quantity)`,
  },
  move: {
    name: 'reservation-move',
    text: `UPDATE reservation SET status = $2, updated_at = now() WHERE id = $1 AND status = 'RESERVED'`,
  },
  linesOf: {
    name: 'reservation-lines-of',
    text: 'SELECT sku, quantity FROM reservation_line WHERE reservation_id = $1 ORDER BY sku',
  },
  apply: {
    name: 'stock-apply',
    text: `UPDATE stock SET reserved = reserved - $2, on_hand = on_hand - CASE WHEN $3 THEN $2 ELSE 0 END,
                  updated_at = now()
            WHERE sku = $1`,
  },
  levels: {
    name: 'stock-levels',
    text: 'SELECT sku, on_hand, reserved FROM stock WHERE sku = ANY($1::varchar[])',
  },
};

async function transaction(work) {
  const db = await pool.connect();
  try {
    await db.query('BEGIN');
    const result = await work(db);
    await db.query(result.rollback ? 'ROLLBACK' : 'COMMIT');
    return result;
  } catch (error) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    db.release();
  }
}

async function reserve({ reservationId, orderId, lines }) {
  const sorted = [...lines].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
  const expiresAt = new Date(Date.now() + TTL_MS);
  const outcome = await transaction(async (db) => {
    const claimed = await db.query({ ...SQL.claim, values: [reservationId, orderId, expiresAt] });
    if (claimed.rowCount === 0) return { replayed: true };
    for (const line of sorted) {
      const taken = await db.query({ ...SQL.take, values: [line.sku, line.quantity] });
      if (taken.rowCount !== 1) return { rollback: true, short: line.sku };
    }
    await db.query({
      ...SQL.lines,
      values: [reservationId, sorted.map((l) => l.sku), sorted.map((l) => l.quantity)],
    });
    return {};
  });
  if (outcome.short) throw Object.assign(new Error(`short: ${outcome.short}`), { code: grpc.status.ABORTED });
  return {
    reservationId,
    orderId,
    status: 'RESERVED',
    lines: sorted,
    expiresAt: expiresAt.toISOString(),
    replayed: Boolean(outcome.replayed),
  };
}

async function release({ reservationId }) {
  const changed = await transaction(async (db) => {
    const moved = await db.query({ ...SQL.move, values: [reservationId, 'RELEASED'] });
    if (moved.rowCount === 0) return { changed: false };
    const lines = await db.query({ ...SQL.linesOf, values: [reservationId] });
    for (const line of lines.rows) await db.query({ ...SQL.apply, values: [line.sku, line.quantity, false] });
    return { changed: true };
  });
  return { reservationId, status: 'RELEASED', changed: changed.changed };
}

async function batchGetStock({ skus }) {
  const unique = [...new Set(skus)];
  const { rows } = await pool.query({ ...SQL.levels, values: [unique] });
  const bySku = new Map(rows.map((row) => [row.sku, row]));
  const levels = [];
  const unknownSkus = [];
  for (const sku of unique) {
    const row = bySku.get(sku);
    if (!row) unknownSkus.push(sku);
    else
      levels.push({
        sku,
        onHand: row.on_hand,
        reserved: row.reserved,
        available: row.on_hand - row.reserved,
      });
  }
  return { levels, unknownSkus };
}

const unary = (handler) => (call, callback) =>
  handler(call.request).then(
    (reply) => callback(null, reply),
    (error) => callback({ code: error.code ?? grpc.status.INTERNAL, details: error.message }),
  );

const server = new grpc.Server();
server.addService(InventoryService.service, {
  Reserve: unary(reserve),
  Release: unary(release),
  BatchGetStock: unary(batchGetStock),
});
server.bindAsync(`127.0.0.1:${process.env.PORT}`, grpc.ServerCredentials.createInsecure(), (error) => {
  if (error) throw error;
  process.send?.('ready');
});
process.on('SIGTERM', () => server.tryShutdown(() => pool.end().finally(() => process.exit(0))));
