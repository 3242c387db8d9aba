import { randomUUID } from 'node:crypto';
import type { Channel, ChannelModel, ConsumeMessage, Options } from 'amqplib';
import { EventConsumerName } from '@bazaar/contracts';
import { Disposition, reasonOf } from '../transport/disposition';
import { deadLetterQueueOf, queueOf } from '../transport/event-bus';
import { EventServerDeps, EventTransportServer } from '../transport/event-transport.server';
import { ConnectionSetup, RabbitMqConnection } from './rabbitmq-connection';
import { BAZAAR_HEADERS, parseBody } from './rabbitmq-headers';
import { retryDelayMs, retryQueueOf } from './rabbitmq-topology';

const STOP_TIMEOUT_MS = 10_000;

// In place of Nest's Transport.RMQ: docs/adr/0009-rabbitmq-event-transport.md
/**
 * Consumes the service's queue with manual acks. A message is acknowledged only after its disposition is safe:
 * handled, or republished (confirmed) to its delay queue for a retry or to the dead-letter queue. If that
 * republish fails the message is requeued, never dropped; a redelivery is harmless behind the inbox.
 */
export class RabbitMqServer extends EventTransportServer {
  private consumer: EventConsumerName | undefined;
  private channel: Channel | undefined;
  private consumerTag: string | undefined;
  private setup: ConnectionSetup | undefined;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    deps: EventServerDeps,
    private readonly connection: RabbitMqConnection,
  ) {
    super(deps);
  }

  protected async startConsuming(consumer: EventConsumerName): Promise<void> {
    this.consumer = consumer;
    this.setup = (model) => this.consumeOn(model);
    // Resolves even while the broker is unreachable: the connection keeps retrying and consumes when it can.
    await this.connection.addSetup(this.setup);
  }

  protected async stopConsuming(): Promise<void> {
    if (this.setup) this.connection.removeSetup(this.setup);
    const channel = this.channel;
    this.channel = undefined;
    if (channel && this.consumerTag) await channel.cancel(this.consumerTag).catch(() => undefined);
    await Promise.race([
      Promise.allSettled([...this.inFlight]),
      new Promise((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS).unref()),
    ]);
    await channel?.close().catch(() => undefined);
  }

  private async consumeOn(model: ChannelModel): Promise<void> {
    const queue = queueOf(this.consumer!);
    const channel = await model.createChannel();
    channel.on('error', (error: Error) =>
      this.log.warn({ msg: 'consumer channel error', reason: error.message }),
    );
    await channel.prefetch(this.deps.config.EVENT_CONCURRENCY);
    const { consumerTag } = await channel.consume(
      queue,
      (message) => {
        if (!message) return; // the broker cancelled the consumer (queue deleted): the next connection re-consumes
        const handling = this.handle(channel, message).finally(() => this.inFlight.delete(handling));
        this.inFlight.add(handling);
      },
      { noAck: false },
    );
    this.channel = channel;
    this.consumerTag = consumerTag;
    this.log.log({ msg: `consuming ${queue}` });
  }

  private async handle(channel: Channel, message: ConsumeMessage): Promise<void> {
    const headers = (message.properties.headers ?? {}) as Record<string, unknown>;
    const attempt = Math.max(1, Number(headers[BAZAAR_HEADERS.attempt]) || 1);
    const disposition = await this.deliver(parseBody(message.content), attempt);
    try {
      await this.settle(message, headers, attempt, disposition);
      channel.ack(message);
    } catch (error) {
      this.log.warn({ msg: 'could not settle a delivery: requeued', reason: reasonOf(error) });
      try {
        channel.nack(message, false, true);
      } catch {
        // The channel is gone with its connection: the broker requeues the message by itself.
      }
    }
  }

  private async settle(
    message: ConsumeMessage,
    headers: Record<string, unknown>,
    attempt: number,
    disposition: Disposition,
  ): Promise<void> {
    if (disposition.kind === 'ack') return;
    const consumer = this.consumer!;
    const base: Options.Publish = {
      persistent: true,
      contentType: message.properties.contentType as string | undefined,
      type: message.properties.type as string | undefined,
      timestamp: message.properties.timestamp as number | undefined,
    };
    if (disposition.kind === 'retry') {
      const queue = retryQueueOf(consumer, retryDelayMs(this.deps.config, attempt));
      await this.connection.publish('', queue, message.content, {
        ...base,
        messageId: message.properties.messageId as string | undefined,
        headers: {
          ...headers,
          [BAZAAR_HEADERS.attempt]: attempt + 1,
          [BAZAAR_HEADERS.lastError]: disposition.reason,
        },
      });
      return;
    }
    await this.connection.publish('', deadLetterQueueOf(consumer), message.content, {
      ...base,
      messageId: randomUUID(),
      headers: {
        ...headers,
        [BAZAAR_HEADERS.eventId]: message.properties.messageId as string | undefined,
        [BAZAAR_HEADERS.reason]: disposition.reason,
        [BAZAAR_HEADERS.attempts]: attempt,
        [BAZAAR_HEADERS.deadLetteredAt]: new Date().toISOString(),
      },
    });
  }
}
