import { Inject, Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { ORDER_EVENT_BY_STATUS, OrderStatus } from '@bazaar/contracts';
import { EventRecorder, Outbox } from '@bazaar/messaging';
import { DatabaseConnection, PgTransaction, PgTransactions } from '@bazaar/persistence';
import { CART_LOCK_CLASS } from '../cart/cart.repository';
import { idempotencyKeyReused } from './checkout.errors';
import { needsWork, next, SagaEvent } from './order-state-machine';
import {
  LINE_JSON,
  NewOrder,
  NewOrderLine,
  ORDER_COLUMNS,
  ORDER_LINES,
  OrderRecord,
  OrderRow,
  SagaChange,
  SagaLease,
  StepEntry,
  StepRecord,
  toOrder,
  TransitionResult,
} from './order-records';

/** What a shopper's cancel came to: the order as it now is, or why nothing was written. */
export type CancelResult =
  | { cancelled: true; order: OrderRecord }
  | { cancelled: false; reason: 'not-found' }
  | { cancelled: false; reason: 'state'; status: OrderStatus };
import { SagaMetrics } from './saga-metrics';
import { SAGA_STEPS, SagaStepName } from './saga-steps';

const DETAIL_MAX = 500;

// Beside Prisma on purpose, as payments' store: docs/adr/0017-payments-store-in-sql.md and
// docs/adr/0019-order-saga-table-not-dbos.md.
/**
 * Orders and their checkout sagas in SQL on the service's pg pool. Every saga write is fenced: it names the lease
 * (owner + version, from SagaLeases) it was granted, and is refused, writing nothing, once another instance claimed
 * the saga since. A transition writes the status, its step-log entry and its outbox event in one transaction.
 */
@Injectable()
export class OrderRepository {
  private readonly transactions: PgTransactions;

  constructor(
    @Inject(DatabaseConnection) private readonly connection: DatabaseConnection,
    private readonly outbox: Outbox,
    private readonly metrics: SagaMetrics,
  ) {
    this.transactions = new PgTransactions(connection.pool);
  }

  /**
   * Places an order: the order, its lines, the saga's first step-log entry and `orders.order.placed.v1`, in one
   * transaction, once per (user, Idempotency-Key); an order from the cart empties it of the lines it ordered in
   * that transaction too. The same key with the same request answers the order it made (`created: false`); with
   * another request it is refused (IDEMPOTENCY_KEY_REUSED). A concurrent duplicate waits for the first to commit,
   * then answers its order.
   */
  async create(input: NewOrder): Promise<{ order: OrderRecord; created: boolean }> {
    const created = await this.outbox.transaction(this.transactions, async (tx, events) => {
      const order = await insertOrder(tx, input);
      if (order && input.fromCart) await removeFromCart(tx, input.userId, input.lines);
      if (order) recordEvent(events, order);
      return order;
    });
    if (created) {
      this.metrics.transitioned('new', created.status, created.createdAt);
      this.metrics.stepLogged({ step: SAGA_STEPS.place, kind: 'forward', outcome: 'succeeded' });
      return { order: created, created: true };
    }
    const existing = await this.findByIdempotencyKey(input.userId, input.idempotencyKey);
    // The conflicting row committed before ON CONFLICT gave way, and orders are never deleted.
    if (!existing) throw new Error(`order for idempotency key ${input.idempotencyKey} vanished`);
    if (existing.requestHash !== input.requestHash) throw idempotencyKeyReused(input.idempotencyKey);
    return { order: existing, created: false };
  }

  async findById(orderId: string): Promise<OrderRecord | null> {
    const { rows } = await this.connection.pool.query<OrderRow>({
      name: 'order-find',
      text: `SELECT ${ORDER_COLUMNS}, ${ORDER_LINES} FROM "order" o WHERE o.id = $1`,
      values: [orderId],
    });
    return rows.length ? toOrder(rows[0]) : null;
  }

  async findByIdempotencyKey(userId: string, idempotencyKey: string): Promise<OrderRecord | null> {
    const { rows } = await this.connection.pool.query<OrderRow>({
      name: 'order-find-by-key',
      text: `SELECT ${ORDER_COLUMNS}, ${ORDER_LINES} FROM "order" o WHERE o.user_id = $1 AND o.idempotency_key = $2`,
      values: [userId, idempotencyKey],
    });
    return rows.length ? toOrder(rows[0]) : null;
  }

  /** The saga's step log, oldest first. */
  async steps(orderId: string): Promise<StepRecord[]> {
    const { rows } = await this.connection.pool.query<StepRecord>({
      name: 'saga-steps',
      text: `SELECT id::text, step, kind, outcome, attempt, detail, status, at
               FROM saga_step WHERE order_id = $1 ORDER BY saga_step.id`,
      values: [orderId],
    });
    return rows;
  }

  /**
   * Moves the saga on `event` (order-state-machine.ts), in one transaction: the new status, the step-log entry and
   * the `orders.order.<status>.v1` event. Refused, writing nothing, when the lease is stale (the version or the
   * owner moved on), when the state machine refuses the event (a late or duplicate reply), or for an unknown order.
   * The new lease (its version raised) is the one to write with next. Once the saga has no more work (terminal or
   * parked), its lease is released and it is no longer scheduled.
   */
  async transition(
    lease: SagaLease,
    event: SagaEvent,
    step: StepEntry,
    change: SagaChange = {},
  ): Promise<TransitionResult> {
    let from: OrderStatus | undefined;
    const result = await this.outbox.transaction(
      this.transactions,
      async (tx, events): Promise<TransitionResult> => {
        const { rows } = await tx.query<{ status: OrderStatus; version: number; lease_owner: string | null }>(
          {
            name: 'saga-lock',
            text: `SELECT status, version, lease_owner FROM "order" WHERE id = $1 FOR UPDATE`,
            values: [lease.orderId],
          },
        );
        if (rows.length === 0) return refused('not-found', `no order ${lease.orderId}`);
        const current = rows[0];
        if (current.version !== lease.version || current.lease_owner !== lease.owner) {
          return refused(
            'stale-lease',
            `lease ${lease.owner}@${lease.version} is stale: the order is at ${current.lease_owner ?? 'no owner'}@${current.version}`,
          );
        }
        const decision = next(current.status, event);
        if (!decision.allowed) return refused('illegal-transition', decision.reason);
        from = current.status;
        const order = await applyTransition(tx, lease.orderId, decision.to, step, change);
        // A cancelled order's event says why it was cancelled, not how its last compensation went.
        recordEvent(
          events,
          order,
          order.status === 'CANCELLED' ? await cancellationCause(tx, order.id) : step.detail,
        );
        return {
          applied: true,
          order,
          lease: { orderId: order.id, owner: lease.owner, version: order.version },
        };
      },
    );
    if (result.applied && from) this.counted(from, result.order, step);
    return result;
  }

  /**
   * The shopper's cancel, whoever holds the saga: `cancelRequested` (order-state-machine.ts) with its step-log
   * entry and event in one transaction, the saga handed over (its lease cleared, due at once, its version raised so
   * the holder's late writes are refused). Refused, writing nothing, for an order not `userId`'s (not-found), for
   * one the state machine refuses, and for a PAYMENT_AUTHORIZED one that is being confirmed (an instance holds it,
   * or a capture was tried): its money may be taken already, so confirming is the only way on, then a refund.
   */
  async cancel(orderId: string, userId: string, step: StepEntry): Promise<CancelResult> {
    let from: OrderStatus | undefined;
    const result = await this.outbox.transaction(
      this.transactions,
      async (tx, events): Promise<CancelResult> => {
        const { rows } = await tx.query<{ status: OrderStatus; user_id: string; confirming: boolean }>({
          name: 'order-cancel-lock',
          text: `SELECT status, user_id,
                      coalesce(lease_until > now(), false)
                        OR EXISTS (SELECT 1 FROM saga_step s WHERE s.order_id = o.id AND s.step = $2) AS confirming
                 FROM "order" o WHERE id = $1 FOR UPDATE`,
          values: [orderId, SAGA_STEPS.capturePayment],
        });
        if (rows.length === 0 || rows[0].user_id !== userId) return { cancelled: false, reason: 'not-found' };
        const { status, confirming } = rows[0];
        const decision = next(status, 'cancelRequested');
        if (!decision.allowed || (status === 'PAYMENT_AUTHORIZED' && confirming)) {
          return { cancelled: false, reason: 'state', status };
        }
        from = status;
        const order = await applyTransition(tx, orderId, decision.to, step, { handOver: true });
        recordEvent(events, order, step.detail);
        return { cancelled: true, order };
      },
    );
    if (result.cancelled && from) this.counted(from, result.order, step);
    return result;
  }

  private counted(from: OrderStatus, order: OrderRecord, step: StepEntry): void {
    this.metrics.transitioned(from, order.status, order.createdAt);
    this.metrics.stepLogged(step);
  }

  /**
   * Writes `compensation planned` for `step` before the forward step it undoes runs: if the process dies during
   * the forward call, the log already says what to undo. False (nothing written) when the lease is stale.
   */
  async planCompensation(lease: SagaLease, step: SagaStepName, detail?: string): Promise<boolean> {
    return (await this.logStep(lease, 'planned', step, 'compensation', detail)) !== null;
  }

  /**
   * Logs one attempt of a step that does not change the status (a failed call to retry, a compensation done
   * while others remain). A failure counts towards the order's step attempts, a success resets them. Returns the
   * attempt number, or null (nothing written) when the lease is stale.
   */
  async recordStep(lease: SagaLease, entry: StepEntry): Promise<number | null> {
    return this.logStep(lease, entry.outcome, entry.step, entry.kind, entry.detail);
  }

  private async logStep(
    lease: SagaLease,
    outcome: StepRecord['outcome'],
    step: SagaStepName,
    kind: StepRecord['kind'],
    detail: string | undefined,
  ): Promise<number | null> {
    // One statement: the fence (the order row locked at the lease's version and owner), the attempt count and the
    // log entry; no row matched means a stale lease and nothing written.
    const { rows } = await this.connection.pool.query<{ attempt: number; written: boolean }>({
      name: 'saga-step-log',
      text: `WITH fenced AS (
               SELECT id, step_attempts FROM "order" WHERE id = $1 AND version = $2 AND lease_owner = $3 FOR UPDATE),
             counted AS (
               UPDATE "order" o SET step_attempts = CASE $4::text WHEN 'failed' THEN fenced.step_attempts + 1
                                                            WHEN 'succeeded' THEN 0 ELSE o.step_attempts END,
                      updated_at = now()
                 FROM fenced WHERE o.id = fenced.id
               RETURNING o.id, o.status, CASE $4::text WHEN 'planned' THEN 0 ELSE fenced.step_attempts + 1 END AS attempt),
             logged AS (
               INSERT INTO saga_step (order_id, step, kind, outcome, attempt, detail, status)
               SELECT id, $5::text, $6::text, $4, attempt, $7, status FROM counted
                WHERE $4::text <> 'planned' OR NOT EXISTS (
                        SELECT 1 FROM saga_step
                         WHERE order_id = $1 AND step = $5::text AND kind = $6::text AND outcome = 'planned')
               RETURNING 1)
             SELECT attempt, EXISTS (SELECT 1 FROM logged) AS written FROM counted`,
      values: [lease.orderId, lease.version, lease.owner, outcome, step, kind, cut(detail)],
    });
    if (rows.length === 0) return null;
    if (rows[0].written) this.metrics.stepLogged({ step, kind, outcome });
    return rows[0].attempt;
  }
}

/** The order, its lines and the `place` step in one statement; null when the idempotency key was taken. */
async function insertOrder(tx: PgTransaction, input: NewOrder): Promise<OrderRecord | null> {
  const total = input.lines.reduce((sum, line) => sum + line.unitPrice * line.quantity, 0);
  const { rows } = await tx.query<OrderRow>({
    name: 'order-insert',
    text: `WITH o AS (
             INSERT INTO "order" (id, user_id, status, currency, total, shipping_address, card_token,
                                  idempotency_key, request_hash, payment_deadline, reservation_expires_at,
                                  next_run_at, lease_owner, lease_until, version, claims)
             VALUES ($1, $2, 'PENDING', $3, $4, $5, $6, $7, $8, $9, $10,
                     now() + coalesce($12::float8, 0) * interval '1 millisecond', $11::text,
                     CASE WHEN $11::text IS NOT NULL THEN now() + $12::float8 * interval '1 millisecond' END,
                     CASE WHEN $11::text IS NOT NULL THEN 1 ELSE 0 END,
                     CASE WHEN $11::text IS NOT NULL THEN 1 ELSE 0 END)
             ON CONFLICT (user_id, idempotency_key) DO NOTHING
             RETURNING *),
           l AS (
             INSERT INTO order_line (order_id, line_no, product_id, sku, name, unit_price, quantity, cart_unit_price)
             SELECT o.id, n, product_id, sku, name, unit_price, quantity, cart_unit_price
               FROM o, unnest($13::uuid[], $14::text[], $15::text[], $16::int[], $17::int[], $19::int[])
                       WITH ORDINALITY AS line(product_id, sku, name, unit_price, quantity, cart_unit_price, n)
             RETURNING *),
           s AS (
             INSERT INTO saga_step (order_id, step, kind, outcome, attempt, status)
             SELECT o.id, $18, 'forward', 'succeeded', 1, 'PENDING' FROM o)
           SELECT ${ORDER_COLUMNS}, (SELECT json_agg(${LINE_JSON} ORDER BY l.line_no) FROM l) AS lines
             FROM o`,
    values: [
      uuidv7(),
      input.userId,
      input.currency,
      total,
      JSON.stringify(input.shippingAddress),
      input.cardToken,
      input.idempotencyKey,
      input.requestHash,
      input.paymentDeadline ?? null,
      input.reservationExpiresAt ?? null,
      input.lease?.owner ?? null,
      input.lease?.leaseMs ?? null,
      input.lines.map((line) => line.productId),
      input.lines.map((line) => line.sku),
      input.lines.map((line) => line.name),
      input.lines.map((line) => line.unitPrice),
      input.lines.map((line) => line.quantity),
      SAGA_STEPS.place,
      input.lines.map((line) => line.cartUnitPrice ?? null),
    ],
  });
  return rows.length ? toOrder(rows[0]) : null;
}

/**
 * The ordered lines leave the user's cart, under the cart's lock (cart.repository.ts): a line the shopper changed
 * meanwhile (another quantity) is not what was ordered, and stays.
 */
async function removeFromCart(tx: PgTransaction, userId: string, lines: NewOrderLine[]): Promise<void> {
  await tx.query({
    name: 'order-cart-lock',
    text: `SELECT pg_advisory_xact_lock($1::int4, hashtext($2::text))`,
    values: [CART_LOCK_CLASS, userId],
  });
  await tx.query({
    name: 'order-cart-remove',
    text: `DELETE FROM cart_item c USING unnest($2::uuid[], $3::int[]) AS line(product_id, quantity)
            WHERE c.user_id = $1 AND c.product_id = line.product_id AND c.quantity = line.quantity`,
    values: [userId, lines.map((line) => line.productId), lines.map((line) => line.quantity)],
  });
}

/** The new status and its log entry in one statement; the caller holds the row lock and checked the fence. */
async function applyTransition(
  tx: PgTransaction,
  orderId: string,
  to: OrderStatus,
  step: StepEntry,
  change: SagaChange,
): Promise<OrderRecord> {
  const working = needsWork(to);
  const { rows } = await tx.query<OrderRow>({
    name: 'saga-transition',
    text: `WITH before AS (SELECT step_attempts FROM "order" WHERE id = $1),
           o AS (
             UPDATE "order" o SET status = $2, version = o.version + 1, step_attempts = 0,
                    payment_deadline = coalesce($3, o.payment_deadline),
                    reservation_expires_at = coalesce($4, o.reservation_expires_at),
                    next_run_at = CASE WHEN $5 THEN CASE WHEN $11 THEN now()
                                                         ELSE coalesce($6, o.next_run_at, now()) END END,
                    lease_owner = CASE WHEN $5 AND NOT $11 THEN o.lease_owner END,
                    lease_until = CASE WHEN $5 AND NOT $11 THEN o.lease_until END,
                    updated_at = now()
              WHERE o.id = $1
             RETURNING o.*),
           s AS (
             INSERT INTO saga_step (order_id, step, kind, outcome, attempt, detail, status)
             SELECT $1, $7, $8, $9, before.step_attempts + 1, $10, $2 FROM before)
           SELECT ${ORDER_COLUMNS}, ${ORDER_LINES} FROM o`,
    values: [
      orderId,
      to,
      change.paymentDeadline ?? null,
      change.reservationExpiresAt ?? null,
      working,
      change.nextRunAt ?? null,
      step.step,
      step.kind,
      step.outcome,
      cut(step.detail),
      change.handOver ?? false,
    ],
  });
  return toOrder(rows[0]);
}

/** The detail of the entry that moved the order to CANCELLING (the first: a retried compensation comes later). */
async function cancellationCause(tx: PgTransaction, orderId: string): Promise<string | undefined> {
  const { rows } = await tx.query<{ detail: string | null }>({
    name: 'saga-cancellation-cause',
    text: `SELECT detail FROM saga_step WHERE order_id = $1 AND status = 'CANCELLING' ORDER BY id LIMIT 1`,
    values: [orderId],
  });
  return rows[0]?.detail ?? undefined;
}

function recordEvent(events: EventRecorder, order: OrderRecord, reason?: string): void {
  events.record(ORDER_EVENT_BY_STATUS[order.status], order.id, {
    orderId: order.id,
    userId: order.userId,
    status: order.status,
    currency: order.currency,
    total: order.total,
    lines: order.lines.map(({ productId, sku, name, unitPrice, quantity }) => ({
      productId,
      sku,
      name,
      unitPrice,
      quantity,
    })),
    ...(reason ? { reason: cut(reason)! } : {}),
    occurredAt: new Date().toISOString(),
  });
}

const refused = (
  reason: 'not-found' | 'stale-lease' | 'illegal-transition',
  detail: string,
): TransitionResult => ({ applied: false, reason, detail });

const cut = (detail: string | undefined): string | null =>
  detail === undefined ? null : detail.slice(0, DETAIL_MAX);
