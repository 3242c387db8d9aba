import { Injectable } from '@nestjs/common';
import {
  PaymentAttemptView,
  PaymentOperationKind,
  PaymentStatus,
  PAYMENTS_EVENTS,
  PaymentFailedV1,
} from '@bazaar/contracts';
import { EventRecorder, Outbox } from '@bazaar/messaging';
import { PaymentsDatabase } from '../database/payments-database';
import { Prisma } from '../generated/prisma/client';
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

const WITH_ATTEMPTS = { attempts: { orderBy: { id: 'asc' } } } as const satisfies Prisma.PaymentInclude;

/** The only place that speaks Prisma for payments, their operations and their attempts. */
@Injectable()
export class PaymentsRepository {
  constructor(
    private readonly db: PaymentsDatabase,
    private readonly outbox: Outbox,
  ) {}

  async findPayment(id: string): Promise<PaymentRecord | null> {
    const row = await this.db.payment.findUnique({ where: { id }, include: WITH_ATTEMPTS });
    return row && toRecord(row);
  }

  async list(query: PaymentQuery): Promise<PaymentRecord[]> {
    const rows = await this.db.payment.findMany({
      where: {
        orderId: query.orderId,
        status: query.status,
        ...(query.afterId ? { id: { gt: query.afterId } } : {}),
      },
      orderBy: { id: 'asc' },
      take: query.take,
      include: WITH_ATTEMPTS,
    });
    return rows.map(toRecord);
  }

  async findOperation(key: string): Promise<OperationRecord | null> {
    const row = await this.db.paymentOperation.findUnique({ where: { key } });
    return row && (row as OperationRecord);
  }

  /** The idempotency key the payment was authorized under. */
  async authorizeKeyOf(paymentId: string): Promise<string | null> {
    const row = await this.db.paymentOperation.findFirst({
      where: { paymentId, kind: 'authorize' },
      select: { key: true },
    });
    return row?.key ?? null;
  }

  /**
   * A new PENDING payment and its authorize operation, together; null when another request claimed the key
   * first (read the operation again).
   */
  async createAuthorization(
    key: string,
    requestHash: string,
    input: NewAuthorization,
  ): Promise<string | null> {
    try {
      return await this.db.$transaction(async (tx) => {
        const payment = await tx.payment.create({
          data: { ...input, status: 'PENDING' },
          select: { id: true },
        });
        await tx.paymentOperation.create({
          data: {
            key,
            paymentId: payment.id,
            kind: 'authorize',
            requestHash,
            amount: input.amount,
            state: 'pending',
          },
        });
        return payment.id;
      });
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  /** A pending operation on an existing payment; false when another request claimed the key first. */
  async createOperation(
    key: string,
    kind: PaymentOperationKind,
    requestHash: string,
    paymentId: string,
    amount: number | null,
  ): Promise<boolean> {
    try {
      await this.db.paymentOperation.create({
        data: { key, paymentId, kind, requestHash, amount, state: 'pending' },
      });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  /** Keeps the provider calls of an operation whose outcome is not known yet (it stays pending). */
  async recordAttempts(
    paymentId: string,
    operation: OperationRecord,
    attempts: AttemptRecord[],
  ): Promise<void> {
    if (attempts.length === 0) return;
    await this.db.paymentAttempt.createMany({ data: attemptRows(paymentId, operation, attempts) });
  }

  /**
   * Applies a provider answer, in one transaction: the operation becomes `done` (only if it still was pending:
   * a racing duplicate applied it first), the payment changes (only from the states in `change.from`), the
   * attempts are kept and the event is recorded. Returns the payment as it is after the transaction.
   */
  async complete(
    operation: OperationRecord,
    attempts: AttemptRecord[],
    change: PaymentChange,
  ): Promise<PaymentRecord> {
    const paymentId = operation.paymentId;
    await this.outbox.transaction(this.db, async (tx, events) => {
      if (attempts.length)
        await tx.paymentAttempt.createMany({ data: attemptRows(paymentId, operation, attempts) });
      const claimed = await tx.paymentOperation.updateMany({
        where: { key: operation.key, state: 'pending' },
        data: { state: 'done', completedAt: new Date() },
      });
      if (claimed.count === 0) return;
      const data: Prisma.PaymentUpdateManyMutationInput = {};
      if (change.status) data.status = change.status;
      if (change.capturedAmount !== undefined) data.capturedAmount = change.capturedAmount;
      if (change.refund !== undefined) data.refundedAmount = { increment: change.refund };
      if (change.declineCode !== undefined) data.declineCode = change.declineCode;
      if (change.providerReference !== undefined) data.providerReference = change.providerReference;
      const updated = await tx.payment.updateMany({
        where: { id: paymentId, status: { in: change.from } },
        data,
      });
      if (updated.count === 0) return;
      if (change.refund !== undefined) {
        await tx.$executeRaw`UPDATE payment SET status = 'REFUNDED'
                              WHERE id = ${paymentId}::uuid AND refunded_amount = captured_amount`;
      }
      const after = await tx.payment.findUniqueOrThrow({ where: { id: paymentId }, include: WITH_ATTEMPTS });
      change.event?.(toRecord(after), events);
    });
    return (await this.findPayment(paymentId))!;
  }
}

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

function attemptRows(paymentId: string, operation: OperationRecord, attempts: AttemptRecord[]) {
  return attempts.map((attempt) => ({
    paymentId,
    operationKey: operation.key,
    operation: operation.kind,
    attempt: attempt.attempt,
    outcome: attempt.outcome,
    httpStatus: attempt.httpStatus,
    latencyMs: attempt.latencyMs,
    error: attempt.error,
    createdAt: attempt.at,
  }));
}

type PaymentRow = Prisma.PaymentGetPayload<{ include: typeof WITH_ATTEMPTS }>;

function toRecord(row: PaymentRow): PaymentRecord {
  return {
    id: row.id,
    orderId: row.orderId,
    status: row.status as PaymentStatus,
    amount: row.amount,
    currency: row.currency,
    capturedAmount: row.capturedAmount,
    refundedAmount: row.refundedAmount,
    declineCode: row.declineCode,
    cardToken: row.cardToken,
    providerReference: row.providerReference,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    attempts: row.attempts.map((attempt) => ({
      operation: attempt.operation as PaymentOperationKind,
      attempt: attempt.attempt,
      outcome: attempt.outcome as PaymentAttemptView['outcome'],
      httpStatus: attempt.httpStatus,
      latencyMs: attempt.latencyMs,
      error: attempt.error,
      at: attempt.createdAt,
    })),
  };
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}
