import type { Channel } from 'amqplib';
import { EVENT_SUBSCRIPTIONS } from '@bazaar/contracts';
import { MessagingConfig } from '../messaging.config';
import { backoffDelay } from '@bazaar/platform';
import { deadLetterQueueOf, queueOf } from '../transport/event-bus';

/** The durable topic exchange every event is published to, with its type as the routing key. */
export const EVENTS_EXCHANGE = 'bazaar.events';

/** The wait before delivery `attempt + 1`, after delivery `attempt` failed. */
export function retryDelayMs(config: MessagingConfig, attempt: number): number {
  return backoffDelay({ initialMs: config.EVENT_RETRY_DELAY_MS, maxMs: 3_600_000 }, attempt);
}

/**
 * A delay queue: nobody consumes it; a message waits there for the queue's TTL and is then dead-lettered back to
 * the consumer's queue. One queue per delay (rather than a per-message TTL in one queue) so a long wait never
 * holds up a short one behind it. The delay is in the name: changing the policy makes new queues, never a
 * conflicting redeclaration.
 */
export function retryQueueOf(consumer: string, delayMs: number): string {
  return `${queueOf(consumer)}.retry.${delayMs}`;
}

/**
 * Declares the whole topology of the contracts, idempotently: the exchange, and for every consuming service its
 * queue bound to the types it consumes, its delay queues and its dead-letter queue. Publishers run it too,
 * before their first publish: an event whose consumer has never run is then queued, not dropped unroutable.
 */
export async function declareTopology(channel: Channel, config: MessagingConfig): Promise<void> {
  await channel.assertExchange(EVENTS_EXCHANGE, 'topic', { durable: true });
  for (const [consumer, types] of Object.entries(EVENT_SUBSCRIPTIONS)) {
    const queue = queueOf(consumer);
    await channel.assertQueue(deadLetterQueueOf(consumer), { durable: true });
    await channel.assertQueue(queue, { durable: true });
    for (const type of types) await channel.bindQueue(queue, EVENTS_EXCHANGE, type);
    for (let attempt = 1; attempt <= config.EVENT_RETRY_LIMIT; attempt++) {
      const delayMs = retryDelayMs(config, attempt);
      await channel.assertQueue(retryQueueOf(consumer, delayMs), {
        durable: true,
        messageTtl: delayMs,
        deadLetterExchange: '',
        deadLetterRoutingKey: queue,
      });
    }
  }
}
