import type { Pool } from 'pg';
import { Gauge, register } from 'prom-client';

const CONNECTIONS = 'db_pool_connections';
const MAX = 'db_pool_max_connections';

/** The pools this process watches, by database name (tests boot several services, so several pools, per process). */
const pools = new Map<Pool, string>();

/**
 * Puts a pool's connections on `/metrics` (the process's default registry, which the metrics module serves):
 * `db_pool_connections{database, state}` with state `total` (open), `idle` and `waiting` (checkouts queued for a
 * free connection), and `db_pool_max_connections{database}`. Read when scraped, so nothing polls. Returns the
 * function that stops watching it.
 */
export function watchPool(pool: Pool, database: string): () => void {
  registerGauges();
  pools.set(pool, database);
  return () => {
    pools.delete(pool);
  };
}

function registerGauges(): void {
  if (register.getSingleMetric(CONNECTIONS)) return;
  new Gauge({
    name: CONNECTIONS,
    help: 'Connections of the database pool by state: total (open), idle, waiting (checkouts queued for one)',
    labelNames: ['database', 'state'],
    collect() {
      this.reset();
      for (const [pool, database] of pools) {
        this.set({ database, state: 'total' }, pool.totalCount);
        this.set({ database, state: 'idle' }, pool.idleCount);
        this.set({ database, state: 'waiting' }, pool.waitingCount);
      }
    },
  });
  new Gauge({
    name: MAX,
    help: 'The most connections the database pool opens (DATABASE_POOL_MAX)',
    labelNames: ['database'],
    collect() {
      this.reset();
      for (const [pool, database] of pools) this.set({ database }, pool.options.max ?? 10);
    },
  });
}
