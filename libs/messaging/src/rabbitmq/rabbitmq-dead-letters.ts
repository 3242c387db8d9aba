import type { Channel, GetMessage } from 'amqplib';
import { DeadLetterView, EventConsumerName } from '@bazaar/contracts';
import { DeadLetterStore } from '../dead-letters/dead-letter-store';
import { deadLetterQueueOf, queueOf } from '../transport/event-bus';
import { RabbitMqConnection } from './rabbitmq-connection';
import { BAZAAR_HEADERS, parseBody } from './rabbitmq-headers';

/** How far replay and drop look for a dead letter: a queue this long needs a broker tool, not this view. */
const SEARCH_LIMIT = 10_000;

/**
 * AMQP cannot browse a queue, so the dead-letter queue is read by taking messages without acknowledging them and
 * then closing the channel, which puts every unacknowledged message back (RabbitMQ keeps their order). Replay
 * and drop acknowledge the one message they look for, after republishing it for a replay.
 */
export class RabbitMqDeadLetters implements DeadLetterStore {
  constructor(private readonly connection: RabbitMqConnection) {}

  list(consumer: EventConsumerName, limit: number): Promise<DeadLetterView[]> {
    return this.withChannel(async (channel) => {
      const letters: DeadLetterView[] = [];
      while (letters.length < limit) {
        const message = await channel.get(deadLetterQueueOf(consumer), { noAck: false });
        if (!message) break;
        letters.push(toView(consumer, message));
      }
      return letters;
    });
  }

  replay(consumer: EventConsumerName, id: string): Promise<boolean> {
    return this.take(consumer, id, async (message) => {
      // A fresh first delivery: the consumer's inbox still keeps its effect single.
      await this.connection.publish('', queueOf(consumer), message.content, {
        persistent: true,
        contentType: message.properties.contentType as string | undefined,
        type: message.properties.type as string | undefined,
        messageId: (message.properties.headers?.[BAZAAR_HEADERS.eventId] as string | undefined) ?? undefined,
      });
    });
  }

  drop(consumer: EventConsumerName, id: string): Promise<boolean> {
    return this.take(consumer, id, () => Promise.resolve());
  }

  private take(
    consumer: EventConsumerName,
    id: string,
    use: (message: GetMessage) => Promise<void>,
  ): Promise<boolean> {
    return this.withChannel(async (channel) => {
      for (let seen = 0; seen < SEARCH_LIMIT; seen++) {
        const message = await channel.get(deadLetterQueueOf(consumer), { noAck: false });
        if (!message) return false;
        if (message.properties.messageId === id) {
          await use(message);
          channel.ack(message);
          return true;
        }
      }
      return false;
    });
  }

  private async withChannel<T>(work: (channel: Channel) => Promise<T>): Promise<T> {
    const model = await this.connection.get();
    const channel = await model.createChannel();
    channel.on('error', () => undefined);
    try {
      return await work(channel);
    } finally {
      // Everything taken and not acknowledged goes back to the queue.
      await channel.close().catch(() => undefined);
    }
  }
}

function toView(consumer: string, message: GetMessage): DeadLetterView {
  const headers = (message.properties.headers ?? {}) as Record<string, unknown>;
  const body = parseBody(message.content);
  const envelope =
    typeof body === 'object' && body !== null ? (body as { id?: unknown; type?: unknown }) : {};
  return {
    id: String(message.properties.messageId),
    service: consumer,
    eventId: typeof envelope.id === 'string' ? envelope.id : null,
    type: typeof envelope.type === 'string' ? envelope.type : null,
    reason:
      typeof headers[BAZAAR_HEADERS.reason] === 'string'
        ? (headers[BAZAAR_HEADERS.reason] as string)
        : 'unknown',
    attempts: Number(headers[BAZAAR_HEADERS.attempts]) || 1,
    deadLetteredAt:
      typeof headers[BAZAAR_HEADERS.deadLetteredAt] === 'string'
        ? (headers[BAZAAR_HEADERS.deadLetteredAt] as string)
        : new Date(0).toISOString(),
    body,
  };
}
