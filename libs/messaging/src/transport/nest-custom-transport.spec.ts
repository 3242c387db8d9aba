import { randomUUID } from 'node:crypto';
import { MessageHandler } from '@nestjs/microservices';
import { Counter, Gauge, Histogram } from 'prom-client';
import { lastValueFrom } from 'rxjs';
import {
  createEnvelope,
  EventConsumerName,
  EventEnvelope,
  IDENTITY_EVENTS,
  ORDERS_EVENTS,
} from '@bazaar/contracts';
import { LifecycleService } from '@bazaar/platform';
import { loadMessagingConfig } from '../messaging.config';
import { EventMetrics } from '../metrics/event-metrics';
import { EventContext } from './event-context';
import { EventTransportClient } from './event-transport.client';
import { EventTransportServer } from './event-transport.server';

/**
 * Both bus transports are Nest custom transports: a Server subclass that finds the `@EventPattern` handlers in
 * Nest's handler map, and a ClientProxy subclass reached through `emit()` (docs/adr/0008-pg-boss-event-transport.md,
 * docs/adr/0009-rabbitmq-event-transport.md). Handlers are registered here the way Nest registers a
 * controller's: `addHandler(pattern, handler, isEventHandler)`.
 */
describe('Nest custom-transport internals the event transports rely on', () => {
  const REGISTERED = IDENTITY_EVENTS.userRegistered.type;
  const PASSWORD_CHANGED = IDENTITY_EVENTS.userPasswordChanged.type;

  class RecordingServer extends EventTransportServer {
    readonly consuming: Array<{ consumer: EventConsumerName; types: string[] }> = [];

    protected async startConsuming(consumer: EventConsumerName, types: string[]): Promise<void> {
      this.consuming.push({ consumer, types });
    }

    protected async stopConsuming(): Promise<void> {}

    deliverNow(body: unknown) {
      return this.deliver(body, 1);
    }
  }

  class RecordingClient extends EventTransportClient {
    readonly published: EventEnvelope[] = [];

    async connect(): Promise<void> {}

    async close(): Promise<void> {}

    protected async publishEnvelope(envelope: EventEnvelope): Promise<void> {
      this.published.push(envelope);
    }
  }

  const serverFor = (service: string) =>
    new RecordingServer({
      service,
      config: loadMessagingConfig({}),
      metrics: eventMetrics(),
      lifecycle: new LifecycleService(),
    });
  const handler = (fn: (data: unknown, context: EventContext) => unknown = () => undefined): MessageHandler =>
    (async (data: unknown, context: EventContext) => fn(data, context)) as MessageHandler;
  const listen = (server: RecordingServer) =>
    new Promise<void>((resolve, reject) =>
      server.listen((error?: unknown) =>
        error
          ? reject(error instanceof Error ? error : new Error('listen failed', { cause: error }))
          : resolve(),
      ),
    );

  it('finds the @EventPattern handlers in messageHandlers by their isEventHandler flag', async () => {
    const server = serverFor('notifications');
    server.addHandler(REGISTERED, handler(), true);
    server.addHandler(PASSWORD_CHANGED, handler(), true);
    server.addHandler(ORDERS_EVENTS.orderConfirmed.type, handler(), true);
    server.addHandler(ORDERS_EVENTS.orderCancelled.type, handler(), true);
    server.addHandler(ORDERS_EVENTS.orderRefunded.type, handler(), true);
    server.addHandler('notifications.list', handler(), false);
    await listen(server);
    expect(server.consuming).toEqual([
      {
        consumer: 'notifications',
        types: [
          REGISTERED,
          PASSWORD_CHANGED,
          ORDERS_EVENTS.orderConfirmed.type,
          ORDERS_EVENTS.orderCancelled.type,
          ORDERS_EVENTS.orderRefunded.type,
        ],
      },
    ]);
  });

  it('sees a second @EventPattern handler for one type as the next link of the first', async () => {
    const server = serverFor('notifications');
    server.addHandler(REGISTERED, handler(), true);
    server.addHandler(REGISTERED, handler(), true);
    await expect(listen(server)).rejects.toThrow(`${REGISTERED} has more than one @EventPattern handler`);
  });

  it('reaches the handler through getHandlerByPattern with the envelope and its EventContext', async () => {
    const server = serverFor('notifications');
    const calls: Array<[unknown, number]> = [];
    server.addHandler(
      REGISTERED,
      handler((data, context) => calls.push([data, context.getAttempt()])),
      true,
    );
    const envelope = createEnvelope({
      type: REGISTERED,
      producer: 'identity',
      correlationId: 'custom-transport',
      aggregateId: randomUUID(),
      payload: { userId: randomUUID(), email: 'ada@example.com', registeredAt: new Date().toISOString() },
    });
    await expect(server.deliverNow(envelope)).resolves.toEqual({ kind: 'ack' });
    expect(calls).toEqual([[envelope, 1]]);
  });

  it('routes ClientProxy.emit() to dispatchEvent and send() to publish', async () => {
    const client = new RecordingClient();
    const envelope = createEnvelope({
      type: REGISTERED,
      producer: 'identity',
      correlationId: 'custom-transport',
      aggregateId: 'a-1',
      payload: {},
    });
    await lastValueFrom(client.emit(REGISTERED, envelope), { defaultValue: undefined });
    expect(client.published).toEqual([envelope]);
    await expect(lastValueFrom(client.send(REGISTERED, envelope))).rejects.toThrow(
      'the event bus carries events only: use emit()',
    );
  });
});

/** EventMetrics on metrics registered nowhere. */
function eventMetrics(): EventMetrics {
  const labelNames = ['type', 'outcome'];
  return new EventMetrics(
    new Counter({ name: 'c1', help: 'c1', labelNames, registers: [] }),
    new Histogram({ name: 'h1', help: 'h1', labelNames, registers: [] }),
    new Gauge({ name: 'g1', help: 'g1', registers: [] }),
    new Gauge({ name: 'g2', help: 'g2', registers: [] }),
    new Counter({ name: 'c2', help: 'c2', labelNames: ['type'], registers: [] }),
    new Counter({ name: 'c3', help: 'c3', registers: [] }),
  );
}
