'use strict';

const { clearTimeout } = require('node:timers');
const { Pool } = require('pg');

const TERMINAL = ['CONFIRMED', 'REJECTED', 'CANCELLED', 'COMPENSATION_FAILED'];

/**
 * Waits for orders to end, reading orders' own database: one query per tick for every order still awaited,
 * whatever the number of shoppers (polling `orders.get` would cost orders one RPC and two reads per order per
 * tick, and add that load to what is measured). Each order's end is taken from the row itself: `updated_at`
 * is set by the transaction that moved it to its terminal status (PostgreSQL's `now()`, that transaction's
 * start, on the machine's clock the bench also reads), so the tick only delays when the bench learns of it,
 * not the time it reports.
 */
function orderWatcher(databaseUrl, { tickMs, timeoutMs }) {
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  /** orderId -> { resolve, reject, since } */
  const awaited = new Map();
  let stopped = false;
  let timer;
  /** Its own queries, which land in orders' database statistics and are not orders' work. */
  let queries = 0;

  const tick = async () => {
    if (awaited.size > 0) {
      try {
        queries++;
        const { rows } = await pool.query({
          name: 'bench-orders-ended',
          text: `SELECT id::text, status, extract(epoch FROM updated_at) * 1000 AS ended_ms
                   FROM "order" WHERE id = ANY($1::uuid[]) AND status = ANY($2::text[])`,
          values: [[...awaited.keys()], TERMINAL],
        });
        for (const row of rows) {
          awaited.get(row.id)?.resolve({ status: row.status, endedAtMs: Number(row.ended_ms) });
          awaited.delete(row.id);
        }
      } catch (error) {
        for (const waiter of awaited.values()) waiter.reject(error);
        awaited.clear();
      }
      const now = Date.now();
      for (const [id, waiter] of awaited) {
        if (now - waiter.since < timeoutMs) continue;
        waiter.reject(new Error(`order ${id} not ended within ${timeoutMs / 1000} s`));
        awaited.delete(id);
      }
    }
    if (!stopped) timer = setTimeout(tick, tickMs);
  };
  timer = setTimeout(tick, tickMs);

  return {
    /** Resolves with { status, endedAtMs } once the order is CONFIRMED, REJECTED, CANCELLED or parked. */
    ended(orderId) {
      return new Promise((resolve, reject) => awaited.set(orderId, { resolve, reject, since: Date.now() }));
    },
    queries: () => queries,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await pool.end();
    },
  };
}

module.exports = { orderWatcher };
