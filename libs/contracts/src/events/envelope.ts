import { randomUUID } from 'node:crypto';

/**
 * What travels on the bus for every domain event, on either bus. The envelope is the same for every event
 * type; `payload` is the typed, validated body its `type` names.
 */
export interface EventEnvelope<TPayload = unknown> {
  /** UUID, unique per event: consumers deduplicate on it (the inbox). */
  id: string;
  /** `<producer>.<entity>.<fact>.v<version>`, e.g. `identity.user.registered.v1`. */
  type: string;
  /** ISO 8601, when the state change committed (the outbox row was written in the same transaction). */
  occurredAt: string;
  /** The service that recorded the event. */
  producer: string;
  /** The request ID of the unit of work that caused the event, so logs join up across the bus. */
  correlationId: string;
  /** The entity the event is about: events of one aggregate are published in the order they were recorded. */
  aggregateId: string;
  payload: TPayload;
  /**
   * W3C trace context, when tracing is on: in the outbox row, of the unit of work that recorded the event; on the
   * bus, of the relay's publish span. A consumer's span continues that trace, however much later it runs.
   */
  traceparent?: string;
  tracestate?: string;
}

const TYPE_SEGMENT = /^[a-z][a-z0-9_-]*$/;
const TYPE_VERSION = /^v[1-9][0-9]{0,3}$/;

/** `<producer>.<entity>.<fact>.v<version>`: lower-case dotted segments ending in a version. */
export function isEventTypeName(type: string): boolean {
  const segments = type.split('.');
  const version = segments.pop() ?? '';
  return (
    segments.length >= 2 &&
    segments.every((segment) => TYPE_SEGMENT.test(segment)) &&
    TYPE_VERSION.test(version)
  );
}

export const EVENT_LIMITS = {
  typeMaxLength: 120,
  producerMaxLength: 40,
  aggregateIdMaxLength: 200,
  correlationIdMaxLength: 128,
} as const;

export interface NewEnvelope<TPayload> {
  type: string;
  producer: string;
  correlationId: string;
  aggregateId: string;
  payload: TPayload;
  occurredAt?: Date;
}

export function createEnvelope<TPayload>(event: NewEnvelope<TPayload>): EventEnvelope<TPayload> {
  return {
    id: randomUUID(),
    type: event.type,
    occurredAt: (event.occurredAt ?? new Date()).toISOString(),
    producer: event.producer,
    correlationId: event.correlationId,
    aggregateId: event.aggregateId,
    payload: event.payload,
  };
}
