import { DeadLetterStore } from '../dead-letters/dead-letter-store';
import { EventServerDeps, EventTransportServer } from './event-transport.server';
import { EventTransportClient } from './event-transport.client';

/** Queue names on both buses: one queue per consuming service, and its dead-letter queue. */
export const queueOf = (consumer: string): string => `bazaar.${consumer}`;
export const deadLetterQueueOf = (consumer: string): string => `bazaar.${consumer}.dlq`;

/**
 * One broker connection per process, shared by the transport server (consuming), the client (the outbox relay
 * publishing) and the dead-letter admin. It declares the whole topology of the contracts before the first
 * publish or consume.
 */
export interface EventBus {
  readonly kind: 'postgres' | 'rabbitmq';
  createServer(deps: EventServerDeps): EventTransportServer;
  createClient(): EventTransportClient;
  deadLetters(): DeadLetterStore;
  close(): Promise<void>;
}
