import { Injectable, Logger } from '@nestjs/common';
import { EventEnvelope } from '@bazaar/contracts';
import { Tracing } from '@bazaar/observability';
import { MessagingConfig } from '../messaging.config';
import { SqlTransaction, TransactionalDatabase, TransactionOptions } from '../outbox/transactional-database';
import { DeliveryRecord } from '../transport/delivery-record';

export interface InboxResult<R> {
  /** True when this event had already been handled: nothing was done. */
  duplicate: boolean;
  result?: R;
}

/** Prisma's default bound on an interactive transaction. */
const DEFAULT_TRANSACTION_TIMEOUT_MS = 5_000;

/**
 * Exactly-once effects over at-least-once delivery: the event id is recorded in the service's `inbox` table in
 * the same transaction as the handler's effect. A redelivery finds it and does nothing; two deliveries at the
 * same moment serialize on the primary key, and the second sees the first's commit.
 */
@Injectable()
export class Inbox {
  private readonly log = new Logger('Inbox');

  constructor(private readonly config: MessagingConfig) {}

  /**
   * @param handler names the effect when one service handles an event in more than one way (defaults to the
   *   event type): each named effect happens once.
   */
  async handle<Tx extends SqlTransaction, R>(
    db: TransactionalDatabase<Tx>,
    event: EventEnvelope,
    effect: (tx: Tx) => Promise<R>,
    options: TransactionOptions & { handler?: string } = {},
  ): Promise<InboxResult<R>> {
    const { handler = event.type, ...transactionOptions } = options;
    const hold = this.config.INBOX_TEST_HOLD_MS;
    if (hold > 0) {
      transactionOptions.timeout = (transactionOptions.timeout ?? DEFAULT_TRANSACTION_TIMEOUT_MS) + hold;
    }
    const outcome = await Tracing.inSpan(
      `inbox ${handler}`,
      { attributes: { 'messaging.message.id': event.id, 'bazaar.handler': handler } },
      (span) =>
        this.once(db, event, effect, handler, transactionOptions).then((result) => {
          span?.span.setAttribute('bazaar.duplicate', result.duplicate);
          return result;
        }),
    );
    // The transport counts the delivery (events_consumed_total) once it returns, with this as its outcome.
    DeliveryRecord.active()?.noteEffect(outcome.duplicate);
    if (outcome.duplicate) {
      this.log.log({ msg: 'duplicate delivery skipped', type: event.type, eventId: event.id, handler });
    }
    return outcome;
  }

  /** The effect and the inbox row in one transaction; nothing when the row is there already. */
  private once<Tx extends SqlTransaction, R>(
    db: TransactionalDatabase<Tx>,
    event: EventEnvelope,
    effect: (tx: Tx) => Promise<R>,
    handler: string,
    transactionOptions: TransactionOptions,
  ): Promise<InboxResult<R>> {
    const hold = this.config.INBOX_TEST_HOLD_MS;
    return db.$transaction(async (tx): Promise<InboxResult<R>> => {
      const recorded = await tx.$executeRawUnsafe(
        `INSERT INTO inbox (event_id, handler, type) VALUES ($1::uuid, $2, $3) ON CONFLICT DO NOTHING`,
        event.id,
        handler,
        event.type,
      );
      if (recorded === 0) return { duplicate: true };
      const result = await effect(tx);
      if (hold > 0) await this.holdBeforeCommit(event, handler, hold);
      return { duplicate: false, result };
    }, transactionOptions);
  }

  /**
   * Tests only (INBOX_TEST_HOLD_MS): the effect is written but not committed, and stays so for `ms`, so a test can
   * kill the process while a handler is running, at a moment it knows from this log line, not by guessing.
   */
  private async holdBeforeCommit(event: EventEnvelope, handler: string, ms: number): Promise<void> {
    this.log.warn({
      msg: 'holding the effect uncommitted (INBOX_TEST_HOLD_MS)',
      eventId: event.id,
      handler,
      ms,
    });
    await new Promise((resolve) => setTimeout(resolve, ms));
  }
}
