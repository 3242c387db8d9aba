import { lastValueFrom } from 'rxjs';
import { EVENT_CONSUMERS, EventConsumerName, EventEnvelope } from '@bazaar/contracts';
import { connect } from 'amqplib';
import {
  deadLetterQueueOf,
  DeadLetterStore,
  loadMessagingConfig,
  PgBossBus,
  queueOf,
  RabbitMqBus,
  retryDelayMs,
  retryQueueOf,
} from '@bazaar/messaging';
import { createEmptyTestDatabase, TestDatabase } from './test-database';

export { eventually } from './eventually';

/** Settings that make retries, expiry and polling fast enough for a test, on either bus. */
export const FAST_EVENTS_ENV = {
  EVENT_RETRY_LIMIT: '2',
  EVENT_RETRY_DELAY_MS: '200',
  EVENT_HANDLER_TIMEOUT_S: '2',
  EVENT_MAINTENANCE_S: '1',
  EVENT_POLL_MS: '50',
  OUTBOX_POLL_MS: '100',
  OUTBOX_RETRY_MAX_MS: '400',
} as const;

/** A test's handle on one bus: the variables services need, and a side door to publish and inspect. */
export interface BusHarness {
  kind: 'postgres' | 'rabbitmq';
  /** The variables a service needs to use this bus; `via` routes it through a proxy port instead. */
  env(via?: number): Record<string, string>;
  /** Where the bus listens, for a proxy to stand in front of it. */
  target: { host: string; port: number };
  /** Publishes an envelope as a producer's relay would (fan-out by type). */
  publish(envelope: EventEnvelope): Promise<void>;
  /** Puts any body straight onto a consumer's queue, bypassing routing (malformed, unknown types). */
  sendRaw(consumer: EventConsumerName, body: object): Promise<void>;
  deadLetters: DeadLetterStore;
  close(): Promise<void>;
}

/** A fresh bus database of its own for one test file. */
export async function postgresBus(): Promise<BusHarness> {
  return postgresBusAt(await createEmptyTestDatabase('bus'));
}

/** The PostgreSQL bus in `database` (a URL: an existing bus, e.g. a running platform's, left in place). */
export async function postgresBusAt(database: TestDatabase | string): Promise<BusHarness> {
  if (typeof database === 'string') database = { url: database, drop: () => Promise.resolve() };
  const url = new URL(database.url);
  const bus = new PgBossBus(loadMessagingConfig({ BUS_DATABASE_URL: database.url, ...FAST_EVENTS_ENV }));
  const client = bus.createClient();
  return {
    kind: 'postgres',
    env: (via) => ({
      EVENT_BUS: 'postgres',
      BUS_DATABASE_URL: via ? proxied(database.url, via) : database.url,
      ...FAST_EVENTS_ENV,
    }),
    target: { host: url.hostname, port: Number(url.port) || 5432 },
    publish: (envelope) => lastValueFrom(client.emit(envelope.type, envelope), { defaultValue: undefined }),
    sendRaw: async (consumer, body) => {
      const boss = await bus.connection.get();
      await boss.send(queueOf(consumer), body);
    },
    deadLetters: bus.deadLetters(),
    close: async () => {
      await bus.close();
      await database.drop();
    },
  };
}

/**
 * The machine's RabbitMQ at `url`. The platform's queue names are fixed, so the harness empties them first: one
 * test file at a time may use it.
 */
export async function rabbitMqBus(url: string): Promise<BusHarness> {
  const admin = await connect(url);
  const channel = await admin.createChannel();
  for (const queue of await rabbitQueues(url)) await channel.deleteQueue(queue);
  const bus = new RabbitMqBus(loadMessagingConfig({ RABBITMQ_URL: url, ...FAST_EVENTS_ENV }));
  const client = bus.createClient();
  const parsed = new URL(url);
  return {
    kind: 'rabbitmq',
    env: (via) => ({
      EVENT_BUS: 'rabbitmq',
      RABBITMQ_URL: via ? proxied(url, via) : url,
      ...FAST_EVENTS_ENV,
    }),
    target: { host: parsed.hostname, port: Number(parsed.port) || 5672 },
    publish: (envelope) => lastValueFrom(client.emit(envelope.type, envelope), { defaultValue: undefined }),
    sendRaw: async (consumer, body) => {
      channel.sendToQueue(queueOf(consumer), Buffer.from(JSON.stringify(body)), { persistent: true });
      await new Promise((resolve) => setTimeout(resolve, 50));
    },
    deadLetters: bus.deadLetters(),
    close: async () => {
      await bus.close();
      await admin.close();
    },
  };
}

/** Every queue the topology declares (the main, delay and dead-letter queues of each consumer). */
async function rabbitQueues(url: string): Promise<string[]> {
  const names: string[] = [];
  const config = loadMessagingConfig({ RABBITMQ_URL: url, ...FAST_EVENTS_ENV });
  for (const consumer of EVENT_CONSUMERS) {
    names.push(queueOf(consumer), deadLetterQueueOf(consumer));
    for (let attempt = 1; attempt <= config.EVENT_RETRY_LIMIT; attempt++) {
      names.push(retryQueueOf(consumer, retryDelayMs(config, attempt)));
    }
  }
  return names;
}

export function proxied(url: string, port: number): string {
  const rewritten = new URL(url);
  rewritten.hostname = '127.0.0.1';
  rewritten.port = String(port);
  return rewritten.toString();
}
