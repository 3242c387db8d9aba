import { Injectable } from '@nestjs/common';
import { DatabaseConnection } from '@bazaar/persistence';

/** A stored message whose delivery is due, claimed for one attempt. */
export interface DueMessage {
  id: string;
  recipient: string;
  subject: string;
  body: string;
  /** Attempts made before this one. */
  attempts: number;
  /** The request ID that caused the event. */
  correlationId: string;
}

/** The outcome of a failed attempt: due again after `retryInMs`, or failed for good when `final`. */
export interface FailedAttempt {
  id: string;
  attempts: number;
  reason: string;
  final: boolean;
  retryInMs: number;
}

interface DueRow {
  id: string;
  recipient: string;
  subject: string;
  body: string;
  attempts: number;
  correlation_id: string;
}

/**
 * The delivery state of stored messages, in plain SQL on the service's pool: claiming needs `FOR UPDATE SKIP
 * LOCKED`, which Prisma's query API cannot express.
 */
@Injectable()
export class DeliveryRepository {
  constructor(private readonly database: DatabaseConnection) {}

  /**
   * Claims up to `batch` due messages by pushing their due time `leaseMs` ahead: another instance does not take
   * them meanwhile, and one whose attempt died with its process is due again once the lease is over.
   */
  async claimDue(batch: number, leaseMs: number): Promise<DueMessage[]> {
    const { rows } = await this.database.pool.query<DueRow>(
      `UPDATE notification SET next_attempt_at = now() + make_interval(secs => $2::float8 / 1000)
        WHERE id IN (SELECT id FROM notification
                      WHERE status = 'pending' AND next_attempt_at <= now()
                      ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING id, recipient, subject, body, attempts, correlation_id`,
      [batch, leaseMs],
    );
    return rows.map((row) => ({
      id: row.id,
      recipient: row.recipient,
      subject: row.subject,
      body: row.body,
      attempts: row.attempts,
      correlationId: row.correlation_id,
    }));
  }

  async markSent(id: string, attempts: number): Promise<void> {
    await this.database.pool.query(
      `UPDATE notification SET status = 'sent', attempts = $2, sent_at = now(), last_error = NULL WHERE id = $1`,
      [id, attempts],
    );
  }

  /** Records the reason, and reschedules the message or marks it failed. */
  async recordFailure(attempt: FailedAttempt): Promise<void> {
    await this.database.pool.query(
      `UPDATE notification SET attempts = $2, last_error = $3, status = $4,
              next_attempt_at = now() + make_interval(secs => $5::float8 / 1000)
        WHERE id = $1`,
      [attempt.id, attempt.attempts, attempt.reason, attempt.final ? 'failed' : 'pending', attempt.retryInMs],
    );
  }
}
