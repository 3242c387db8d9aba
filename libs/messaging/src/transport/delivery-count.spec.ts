import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { MessageHandler } from '@nestjs/microservices';
import { Counter, Gauge, Histogram } from 'prom-client';
import { createEnvelope, EventConsumerName, EventEnvelope, IDENTITY_EVENTS } from '@bazaar/contracts';
import { LifecycleService } from '@bazaar/platform';
import { Inbox } from '../inbox/inbox';
import { loadMessagingConfig } from '../messaging.config';
import { EventMetrics } from '../metrics/event-metrics';
import { SqlTransaction, TransactionalDatabase } from '../outbox/transactional-database';
import { EventTransportServer } from './event-transport.server';

/**
 * `events_consumed_total` counts deliveries: each one once, with its outcome. A redelivery the inbox skips is a
 * duplicate and nothing else (it used to be counted as a duplicate by the inbox and as handled by the transport).
 */
describe('events_consumed_total', () => {
  const TYPE = IDENTITY_EVENTS.userRegistered.type;

  class DirectServer extends EventTransportServer {
    protected async startConsuming(_consumer: EventConsumerName, _types: string[]): Promise<void> {}
    protected async stopConsuming(): Promise<void> {}
    deliverNow(body: unknown) {
      return this.deliver(body, 1);
    }
  }

  /** An inbox table in memory: what the inbox's INSERT ... ON CONFLICT DO NOTHING would report. */
  class InMemoryInboxTable implements TransactionalDatabase<SqlTransaction> {
    readonly recorded = new Set<string>();
    readonly effects: string[] = [];
    $transaction<R>(work: (tx: SqlTransaction) => Promise<R>): Promise<R> {
      return work({
        $executeRawUnsafe: (_sql: string, ...values: unknown[]) => {
          const key = `${String(values[0])}/${String(values[1])}`;
          if (this.recorded.has(key)) return Promise.resolve(0);
          this.recorded.add(key);
          return Promise.resolve(1);
        },
      });
    }
  }

  const consumed = new Counter({
    name: 'consumed',
    help: 'consumed',
    labelNames: ['type', 'outcome'],
    registers: [],
  });
  const metrics = new EventMetrics(
    consumed,
    new Histogram({ name: 'h', help: 'h', labelNames: ['type', 'outcome'], registers: [] }),
    new Gauge({ name: 'g1', help: 'g1', registers: [] }),
    new Gauge({ name: 'g2', help: 'g2', registers: [] }),
    new Counter({ name: 'c2', help: 'c2', labelNames: ['type'], registers: [] }),
    new Counter({ name: 'c3', help: 'c3', registers: [] }),
  );
  const config = loadMessagingConfig({});
  const table = new InMemoryInboxTable();
  const inbox = new Inbox(config);
  const server = new DirectServer({
    service: 'notifications',
    config,
    metrics,
    lifecycle: new LifecycleService(),
  });
  server.addHandler(
    TYPE,
    (async (event: EventEnvelope) => {
      await inbox.handle(table, event, async () => {
        table.effects.push(event.id);
      });
    }) as MessageHandler,
    true,
  );

  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  const counts = async (): Promise<Record<string, number>> =>
    Object.fromEntries(
      (await consumed.get()).values.map((value): [string, number] => [
        String(value.labels.outcome),
        value.value,
      ]),
    );

  it('counts a first delivery as handled and each redelivery as a duplicate, never both', async () => {
    const event = createEnvelope({
      type: TYPE,
      producer: 'identity',
      correlationId: 'count-once',
      aggregateId: randomUUID(),
      payload: { userId: randomUUID(), email: 'ada@example.com', registeredAt: new Date().toISOString() },
    });
    for (let delivery = 0; delivery < 3; delivery++) {
      await expect(server.deliverNow(event)).resolves.toEqual({ kind: 'ack' });
    }
    expect(table.effects).toEqual([event.id]);
    expect(await counts()).toEqual({ handled: 1, duplicate: 2 });
  });
});
