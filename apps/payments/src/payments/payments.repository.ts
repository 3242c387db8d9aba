import { Inject, Injectable } from '@nestjs/common';
import type { QueryResultRow } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import {
  PaymentAttemptView,
  PaymentFailedV1,
  PaymentOperationKind,
  PAYMENTS_EVENTS,
  PaymentStatus,
} from '@bazaar/contracts';
import { EventRecorder, Outbox } from '@bazaar/messaging';
import { DatabaseConnection, PgTransaction, PgTransactions } from '@bazaar/persistence';
import { AttemptRecord } from '../provider/provider-answers';

/** A payment as this service keeps it, with its provider calls in the order they were made. */
export interface PaymentRecord {
  id: string;
  orderId: string;
  status: PaymentStatus;
  amount: number;
  currency: string;
  capturedAmount: number;
  refundedAmount: number;
  declineCode: string | null;
  cardToken: string;
  providerReference: string | null;
  createdAt: Date;
  updatedAt: Date;
  attempts: (Omit<PaymentAttemptView, 'at'> & { at: Date })[];
}

export interface OperationRecord {
  key: string;
  paymentId: string;
  kind: PaymentOperationKind;
  requestHash: string;
  amount: number | null;
  state: 'pending' | 'done';
}

export interface NewAuthorization {
  orderId: string;
  amount: number;
  currency: string;
  cardToken: string;
}

/** What applying a provider answer changes: the payment's new fields and the event that says so. */
export interface PaymentChange {
  /** The states the payment may be in for the change to apply (a guard against racing operations). */
  from: PaymentStatus[];
  status?: PaymentStatus;
  capturedAmount?: number;
  /** Added to the refunded amount; the status becomes REFUNDED once all of the captured amount is back. */
  refund?: number;
  declineCode?: string;
  providerReference?: string;
  event?: (payment: PaymentRecord, events: EventRecorder) => void;
}

export interface PaymentQuery {
  orderId?: string;
  status?: PaymentStatus;
  afterId?: string;
  take: number;
}

const PAYMENT_COLUMNS = `p.id, p.order_id, p.status, p.amount, p.currency, p.captured_amount, p.refunded_amount,
  p.decline_code, p.card_token, p.provider_reference, p.created_at, p.updated_at`;
/** A payment with its attempts in one row: the attempts as a JSON array, oldest first. */
const PAYMENT_WITH_ATTEMPTS = `SELECT ${PAYMENT_COLUMNS},
  coalesce((SELECT json_agg(json_build_object('operation', a.operation, 'attempt', a.attempt, 'outcome', a.outcome,
             'httpStatus', a.http_status, 'latencyMs', a.latency_ms, 'error', a.error, 'at', a.created_at)
             ORDER BY a.id)
      FROM payment_attempt a WHERE a.payment_id = p.id), '[]') AS attempts
  FROM payment p`;

// Beside Prisma on purpose, as inventory's reservations: docs/adr/0017-payments-store-in-sql.md
/**
 * Payments, their operations and their attempts in SQL on the service's pg pool, with named prepared statements:
 * an authorization is one claim transaction before the provider call and one apply transaction after it (its
 * attempts, the operation, the payment and its event together). Prisma keeps the schema and the migrations.
 */
@Injectable()
export class PaymentsRepository {
  private readonly transactions: PgTransactions;

  constructor(
    @Inject(DatabaseConnection) private readonly connection: DatabaseConnection,
    private readonly outbox: Outbox,
  ) {
    this.transactions = new PgTransactions(connection.pool);
  }

  async findPayment(id: string): Promise<PaymentRecord | null> {
    const { rows } = await this.connection.pool.query<PaymentRow>({
      name: 'payment-find',
      text: `${PAYMENT_WITH_ATTEMPTS} WHERE p.id = $1`,
      values: [id],
    });
    return rows.length ? toRecord(rows[0]) : null;
  }

  async list(query: PaymentQuery): Promise<PaymentRecord[]> {
    const { rows } = await this.connection.pool.query<PaymentRow>({
      name: 'payment-list',
      text: `${PAYMENT_WITH_ATTEMPTS}
              WHERE ($1::text IS NULL OR p.order_id = $1) AND ($2::text IS NULL OR p.status = $2)
                AND ($3::uuid IS NULL OR p.id > $3)
              ORDER BY p.id LIMIT $4`,
      values: [query.orderId ?? null, query.status ?? null, query.afterId ?? null, query.take],
    });
    return rows.map(toRecord);
  }

  async findOperation(key: string): Promise<OperationRecord | null> {
    const { rows } = await this.connection.pool.query<OperationRecord>({
      name: 'payment-operation-find',
      text: `SELECT key, payment_id AS "paymentId", kind, request_hash AS "requestHash", amount, state
               FROM payment_operation WHERE key = $1`,
      values: [key],
    });
    return rows[0] ?? null;
  }

  /** The idempotency key the payment was authorized under. */
  async authorizeKeyOf(paymentId: string): Promise<string | null> {
    const { rows } = await this.connection.pool.query<{ key: string }>({
      name: 'payment-authorize-key',
      text: `SELECT key FROM payment_operation WHERE payment_id = $1 AND kind = 'authorize'`,
      values: [paymentId],
    });
    return rows[0]?.key ?? null;
  }

  /**
   * A new PENDING payment and its authorize operation, together; null when another request claimed the key first
   * (nothing is written then: read the operation again).
   */
  async createAuthorization(
    key: string,
    requestHash: string,
    input: NewAuthorization,
  ): Promise<{ payment: PaymentRecord; operation: OperationRecord } | null> {
    return this.claimAuthorization(key, requestHash, input, 'PENDING');
  }

  /**
   * A payment VOIDED before its authorization arrived: the authorize key claimed, done, by a void. The
   * authorization, if it comes, finds it and answers it. Null when the authorization claimed the key first.
   */
  async createVoidedAuthorization(
    key: string,
    requestHash: string,
    input: Omit<NewAuthorization, 'cardToken'>,
  ): Promise<PaymentRecord | null> {
    const claimed = await this.claimAuthorization(key, requestHash, { ...input, cardToken: '' }, 'VOIDED');
    return claimed?.payment ?? null;
  }

  private async claimAuthorization(
    key: string,
    requestHash: string,
    input: NewAuthorization,
    status: 'PENDING' | 'VOIDED',
  ): Promise<{ payment: PaymentRecord; operation: OperationRecord } | null> {
    const paymentId = uuidv7();
    const state = status === 'PENDING' ? 'pending' : 'done';
    // One statement: the payment is inserted only when the key was claimed. The operation's foreign key is checked
    // at the end of the statement, when the payment exists.
    const { rows } = await this.connection.pool.query<PaymentRow>({
      name: 'payment-authorization-insert',
      text: `WITH claimed AS (
               INSERT INTO payment_operation (key, payment_id, kind, request_hash, amount, state, completed_at)
               VALUES ($1, $2, 'authorize', $3, $4, $8::text, CASE WHEN $8::text = 'done' THEN now() END)
               ON CONFLICT (key) DO NOTHING RETURNING key)
             INSERT INTO payment AS p (id, order_id, status, amount, currency, card_token, updated_at)
             SELECT $2, $5, $9::text, $4, $6, $7, now() WHERE EXISTS (SELECT 1 FROM claimed)
             RETURNING ${PAYMENT_COLUMNS}, '[]'::json AS attempts`,
      values: [
        key,
        paymentId,
        requestHash,
        input.amount,
        input.orderId,
        input.currency,
        input.cardToken,
        state,
        status,
      ],
    });
    if (rows.length === 0) return null;
    const operation: OperationRecord = {
      key,
      paymentId,
      kind: 'authorize',
      requestHash,
      amount: input.amount,
      state,
    };
    return { payment: toRecord(rows[0]), operation };
  }

  /** A pending operation on an existing payment; null when another request claimed the key first. */
  async createOperation(
    key: string,
    kind: PaymentOperationKind,
    requestHash: string,
    paymentId: string,
    amount: number | null,
  ): Promise<OperationRecord | null> {
    const { rowCount } = await this.connection.pool.query({
      name: 'payment-operation-insert',
      text: `INSERT INTO payment_operation (key, payment_id, kind, request_hash, amount, state)
             VALUES ($1, $2, $3, $4, $5, 'pending') ON CONFLICT (key) DO NOTHING`,
      values: [key, paymentId, kind, requestHash, amount],
    });
    return rowCount === 0 ? null : { key, paymentId, kind, requestHash, amount, state: 'pending' };
  }

  /** Keeps the provider calls of an operation whose outcome is not known yet (it stays pending). */
  async recordAttempts(operation: OperationRecord, attempts: AttemptRecord[]): Promise<void> {
    if (attempts.length === 0) return;
    await insertAttempts(this.connection.pool, operation, attempts);
  }

  /**
   * Applies a provider answer, in one transaction: the attempts are kept, the operation becomes `done` (only if it
   * still was pending: a racing duplicate applied it first), the payment changes (only from the states in
   * `change.from`) and its event is recorded. Returns the payment as it is after the transaction; `before` is the
   * payment as the caller read it, whose attempts precede these.
   */
  async complete(
    operation: OperationRecord,
    before: PaymentRecord,
    attempts: AttemptRecord[],
    change: PaymentChange,
  ): Promise<PaymentRecord> {
    const applied = await this.outbox.transaction(this.transactions, async (tx, events) => {
      if (attempts.length) await insertAttempts(tx, operation, attempts);
      const claimed = await tx.query({
        name: 'payment-operation-done',
        text: `UPDATE payment_operation SET state = 'done', completed_at = now() WHERE key = $1 AND state = 'pending'`,
        values: [operation.key],
      });
      if (claimed.rowCount === 0) return null;
      const { rows } = await tx.query<PaymentRow>({
        name: 'payment-apply',
        text: `UPDATE payment p SET
                 status = CASE WHEN $4::int IS NOT NULL AND p.refunded_amount + $4 = p.captured_amount
                               THEN 'REFUNDED' ELSE coalesce($2, p.status) END,
                 captured_amount = coalesce($3, p.captured_amount),
                 refunded_amount = p.refunded_amount + coalesce($4, 0),
                 decline_code = coalesce($5, p.decline_code),
                 provider_reference = coalesce($6, p.provider_reference),
                 updated_at = now()
               WHERE p.id = $1 AND p.status = ANY($7::text[])
               RETURNING ${PAYMENT_COLUMNS}, '[]'::json AS attempts`,
        values: [
          operation.paymentId,
          change.status ?? null,
          change.capturedAmount ?? null,
          change.refund ?? null,
          change.declineCode ?? null,
          change.providerReference ?? null,
          change.from,
        ],
      });
      if (rows.length === 0) return null;
      const after = {
        ...toRecord(rows[0]),
        attempts: [...before.attempts, ...attempts.map(asKept(operation))],
      };
      change.event?.(after, events);
      return after;
    });
    return applied ?? (await this.findPayment(operation.paymentId))!;
  }
}

async function insertAttempts(
  db: { query: PgTransaction['query'] },
  operation: OperationRecord,
  attempts: AttemptRecord[],
): Promise<void> {
  await db.query({
    name: 'payment-attempts-insert',
    text: `INSERT INTO payment_attempt
             (payment_id, operation_key, operation, attempt, outcome, http_status, latency_ms, error, created_at)
           SELECT $1, $2, $3, * FROM unnest($4::int[], $5::text[], $6::int[], $7::int[], $8::text[], $9::timestamptz[])`,
    values: [
      operation.paymentId,
      operation.key,
      operation.kind,
      attempts.map((a) => a.attempt),
      attempts.map((a) => a.outcome),
      attempts.map((a) => a.httpStatus),
      attempts.map((a) => a.latencyMs),
      attempts.map((a) => a.error),
      attempts.map((a) => a.at),
    ],
  });
}

const asKept =
  (operation: OperationRecord) =>
  (attempt: AttemptRecord): PaymentRecord['attempts'][number] => ({ operation: operation.kind, ...attempt });

/** The payment events, with the fields every one of them carries. */
export const paymentEvents = {
  authorized: (payment: PaymentRecord, events: EventRecorder) =>
    events.record(PAYMENTS_EVENTS.paymentAuthorized, payment.id, eventBase(payment, payment.amount)),
  captured: (payment: PaymentRecord, events: EventRecorder) =>
    events.record(PAYMENTS_EVENTS.paymentCaptured, payment.id, eventBase(payment, payment.capturedAmount)),
  voided: (payment: PaymentRecord, events: EventRecorder) =>
    events.record(PAYMENTS_EVENTS.paymentVoided, payment.id, eventBase(payment, payment.amount)),
  refunded: (amount: number) => (payment: PaymentRecord, events: EventRecorder) =>
    events.record(PAYMENTS_EVENTS.paymentRefunded, payment.id, eventBase(payment, amount)),
  failed: (reason: string, detail: string) => (payment: PaymentRecord, events: EventRecorder) => {
    const payload: PaymentFailedV1 = { ...eventBase(payment, payment.amount), reason, detail };
    events.record(PAYMENTS_EVENTS.paymentFailed, payment.id, payload);
  },
};

function eventBase(payment: PaymentRecord, amount: number) {
  return {
    paymentId: payment.id,
    orderId: payment.orderId,
    amount,
    currency: payment.currency,
    occurredAt: new Date().toISOString(),
  };
}

interface PaymentRow extends QueryResultRow {
  id: string;
  order_id: string;
  status: PaymentStatus;
  amount: number;
  currency: string;
  captured_amount: number;
  refunded_amount: number;
  decline_code: string | null;
  card_token: string;
  provider_reference: string | null;
  created_at: Date;
  updated_at: Date;
  attempts: (Omit<PaymentAttemptView, 'at'> & { at: string })[];
}

function toRecord(row: PaymentRow): PaymentRecord {
  return {
    id: row.id,
    orderId: row.order_id,
    status: row.status,
    amount: row.amount,
    currency: row.currency,
    capturedAmount: row.captured_amount,
    refundedAmount: row.refunded_amount,
    declineCode: row.decline_code,
    cardToken: row.card_token,
    providerReference: row.provider_reference,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    attempts: row.attempts.map((attempt) => ({ ...attempt, at: new Date(attempt.at) })),
  };
}
