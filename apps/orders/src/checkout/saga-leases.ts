import { Inject, Injectable } from '@nestjs/common';
import { ORDER_STATUSES, OrderStatus } from '@bazaar/contracts';
import { DatabaseConnection } from '@bazaar/persistence';
import { needsWork, TERMINAL_STATUSES } from './order-state-machine';
import { ClaimedSaga, ORDER_COLUMNS, ORDER_LINES, OrderRow, SagaLease, toOrder } from './order-records';

/** The statuses a resumer works on, for the claim's filter. */
const UNFINISHED: OrderStatus[] = ORDER_STATUSES.filter(needsWork);

/**
 * Who runs which saga: leases with a fencing version, in SQL on the service's pg pool. A claim raises the version,
 * so the writes of whoever held the saga before are refused (OrderRepository checks the lease in every write); an
 * owner that dies simply stops renewing, and its sagas come due again when their leases expire.
 */
@Injectable()
export class SagaLeases {
  constructor(@Inject(DatabaseConnection) private readonly connection: DatabaseConnection) {}

  /**
   * Leases up to `limit` sagas that have work, are due (`next_run_at` passed) and are not leased by a live owner
   * (no lease, or an expired one: its owner died or stalled), skipping rows other claimers hold locked. Each claim
   * raises the fencing version, so the previous owner's late writes are refused, and pushes the saga's next run
   * to the lease's end: if this owner dies too, the saga becomes due again when its lease expires.
   */
  async claimDue(owner: string, leaseMs: number, limit: number): Promise<ClaimedSaga[]> {
    const { rows } = await this.connection.pool.query<OrderRow>({
      name: 'saga-claim-due',
      text: `WITH due AS (
               SELECT id FROM "order"
                WHERE next_run_at <= now() AND status = ANY($4::text[])
                  AND (lease_until IS NULL OR lease_until <= now())
                ORDER BY next_run_at LIMIT $3
                FOR UPDATE SKIP LOCKED)
             UPDATE "order" o SET lease_owner = $1, lease_until = now() + $2::float8 * interval '1 millisecond',
                    next_run_at = now() + $2::float8 * interval '1 millisecond', version = o.version + 1,
                    claims = o.claims + 1, updated_at = now()
               FROM due WHERE o.id = due.id
             RETURNING ${ORDER_COLUMNS}, ${ORDER_LINES}`,
      values: [owner, leaseMs, limit, UNFINISHED],
    });
    return rows
      .map(toOrder)
      .map((order) => ({ order, lease: { orderId: order.id, owner, version: order.version } }));
  }

  /**
   * Leases one saga now, whatever its next run time, unless a live owner holds it or it is over: for work that
   * cannot wait for the resume loop (an admin retrying a parked saga's compensations). Null when not claimable.
   */
  async claim(orderId: string, owner: string, leaseMs: number): Promise<ClaimedSaga | null> {
    const { rows } = await this.connection.pool.query<OrderRow>({
      name: 'saga-claim-one',
      text: `UPDATE "order" o SET lease_owner = $2, lease_until = now() + $3::float8 * interval '1 millisecond',
                    next_run_at = now() + $3::float8 * interval '1 millisecond', version = o.version + 1,
                    claims = o.claims + 1, updated_at = now()
              WHERE o.id = $1 AND o.status <> ALL($4::text[]) AND (o.lease_until IS NULL OR o.lease_until <= now())
              RETURNING ${ORDER_COLUMNS}, ${ORDER_LINES}`,
      values: [orderId, owner, leaseMs, TERMINAL_STATUSES],
    });
    if (rows.length === 0) return null;
    const order = toOrder(rows[0]);
    return { order, lease: { orderId, owner, version: order.version } };
  }

  /**
   * Keeps the lease for `leaseMs` more (a step taking long). False when it was lost: another instance claimed the
   * saga, and this one must stop working on it.
   */
  async renew(lease: SagaLease, leaseMs: number): Promise<boolean> {
    const { rowCount } = await this.connection.pool.query({
      name: 'saga-renew',
      text: `UPDATE "order" SET lease_until = now() + $4::float8 * interval '1 millisecond',
                    next_run_at = now() + $4::float8 * interval '1 millisecond'
              WHERE id = $1 AND version = $2 AND lease_owner = $3`,
      values: [lease.orderId, lease.version, lease.owner, leaseMs],
    });
    return rowCount === 1;
  }

  /**
   * Gives the saga back, to run again at `nextRunAt` (a retry after a back-off, a deadline to check), by whichever
   * instance claims it then. False when the lease was already lost.
   */
  async release(lease: SagaLease, nextRunAt: Date): Promise<boolean> {
    const { rowCount } = await this.connection.pool.query({
      name: 'saga-release',
      text: `UPDATE "order" SET lease_owner = NULL, lease_until = NULL,
                    next_run_at = CASE WHEN status = ANY($5::text[]) THEN $4::timestamptz END, updated_at = now()
              WHERE id = $1 AND version = $2 AND lease_owner = $3`,
      values: [lease.orderId, lease.version, lease.owner, nextRunAt, UNFINISHED],
    });
    return rowCount === 1;
  }
}
