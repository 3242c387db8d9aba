import { EventEnvelope } from '@bazaar/contracts';
import { traceCarrierOf } from '@bazaar/observability';
import { EventTransportClient } from '../transport/event-transport.client';
import { RabbitMqConnection } from './rabbitmq-connection';
import { EVENTS_EXCHANGE } from './rabbitmq-topology';

/** Publishes to the `bazaar.events` topic exchange: persistent, confirmed, routed by the event type. */
export class RabbitMqClient extends EventTransportClient {
  constructor(private readonly connection: RabbitMqConnection) {
    super();
  }

  async connect(): Promise<void> {
    await this.connection.get();
  }

  async close(): Promise<void> {
    // The connection is shared and closed by its owner, the bus.
  }

  protected publishEnvelope(envelope: EventEnvelope): Promise<void> {
    return this.connection.publish(EVENTS_EXCHANGE, envelope.type, Buffer.from(JSON.stringify(envelope)), {
      persistent: true,
      contentType: 'application/json',
      messageId: envelope.id,
      type: envelope.type,
      timestamp: Math.floor(Date.parse(envelope.occurredAt) / 1000),
      // The trace context also as headers, where broker tooling looks for it; consumers read the envelope's.
      headers: { 'x-request-id': envelope.correlationId, ...traceCarrierOf(envelope) },
    });
  }
}
