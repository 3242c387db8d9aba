import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { createEnvelope, EventEnvelope, EventType } from '@bazaar/contracts';
import { Tracing } from '@bazaar/observability';
import { RequestContext, SERVICE_NAME } from '@bazaar/platform';
import { OutboxRelay } from './outbox-relay';
import { SqlTransaction, TransactionalDatabase, TransactionOptions } from './transactional-database';

/**
 * Collects the events of one transaction. It exists only inside `Outbox.transaction`, so an event cannot be
 * recorded apart from the state change it describes; it is written in that same transaction, just before commit.
 */
export class EventRecorder {
  private readonly pending: EventEnvelope[] = [];
  private sealed = false;

  constructor(
    private readonly producer: string,
    private readonly correlationId: string,
  ) {}

  /** Records `event` about `aggregateId`; returns its envelope (its id is final). */
  record<TPayload extends object>(
    event: EventType<TPayload>,
    aggregateId: string,
    payload: TPayload,
  ): EventEnvelope<TPayload> {
    if (this.sealed) {
      throw new Error(
        `${event.type} recorded after its transaction was written: record events inside the work`,
      );
    }
    const envelope = createEnvelope({
      type: event.type,
      producer: this.producer,
      correlationId: this.correlationId,
      aggregateId,
      payload,
    });
    // The span recording the event: the relay's publish and every consumer continue its trace.
    Tracing.inject(envelope);
    this.pending.push(envelope);
    return envelope;
  }

  get count(): number {
    return this.pending.length;
  }

  /** One INSERT for all of them, in recording order (the relay publishes per aggregate in `seq` order). */
  async write(tx: SqlTransaction): Promise<void> {
    this.sealed = true;
    if (this.pending.length === 0) return;
    const rows = this.pending.map((envelope) => ({
      id: envelope.id,
      type: envelope.type,
      aggregate_id: envelope.aggregateId,
      envelope,
      created_at: envelope.occurredAt,
    }));
    await tx.$executeRawUnsafe(
      `INSERT INTO outbox (id, type, aggregate_id, envelope, created_at)
       SELECT (e.value->>'id')::uuid, e.value->>'type', e.value->>'aggregate_id', e.value->'envelope',
              (e.value->>'created_at')::timestamptz
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(value, n)
        ORDER BY e.n`,
      JSON.stringify(rows),
    );
  }
}

/** The transactional outbox of this service: `outbox.transaction(db, async (tx, events) => ...)`. */
@Injectable()
export class Outbox {
  constructor(
    @Inject(SERVICE_NAME) private readonly service: string,
    private readonly relay: OutboxRelay,
  ) {}

  /**
   * Runs `work` in one database transaction; the events it records are inserted into the outbox in that
   * transaction, so they exist if and only if the state change committed. The relay is woken after commit.
   */
  async transaction<Tx extends SqlTransaction, R>(
    db: TransactionalDatabase<Tx>,
    work: (tx: Tx, events: EventRecorder) => Promise<R>,
    options?: TransactionOptions,
  ): Promise<R> {
    // Work outside any request (start-up tasks, timers) still gets an ID its events and their effects share.
    const events = new EventRecorder(this.service, RequestContext.requestId() ?? randomUUID());
    const result = await db.$transaction(async (tx) => {
      const value = await work(tx, events);
      await events.write(tx);
      return value;
    }, options);
    if (events.count > 0) this.relay.wake();
    return result;
  }
}
