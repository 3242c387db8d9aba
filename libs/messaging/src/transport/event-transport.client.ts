import { ClientProxy, ReadPacket, WritePacket } from '@nestjs/microservices';
import { EventEnvelope } from '@bazaar/contracts';

/**
 * The publishing half of a bus transport: `client.emit(type, envelope)` resolves once the broker has the event
 * durably (pg-boss: committed in PostgreSQL; RabbitMQ: publisher confirm), and errors when it does not. The bus
 * is for events only: request/response goes over the services' RPC transports.
 */
export abstract class EventTransportClient extends ClientProxy {
  protected abstract publishEnvelope(envelope: EventEnvelope): Promise<void>;

  protected async dispatchEvent<T = unknown>(packet: ReadPacket<EventEnvelope>): Promise<T> {
    const envelope = packet.data;
    if (packet.pattern !== envelope.type) {
      throw new Error(
        `emit pattern ${String(packet.pattern)} differs from the envelope type ${envelope.type}`,
      );
    }
    await this.publishEnvelope(envelope);
    return undefined as T;
  }

  protected publish(_packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    callback({ err: new Error('the event bus carries events only: use emit()'), isDisposed: true });
    return () => undefined;
  }

  override on(): never {
    throw new Error(`${this.constructor.name} has no events to subscribe to`);
  }

  unwrap<T>(): T {
    throw new Error(`${this.constructor.name} does not expose its broker client`);
  }
}
