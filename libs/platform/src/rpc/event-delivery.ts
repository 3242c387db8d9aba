/**
 * Marks a transport context as the delivery of a domain event from the bus (rather than an RPC from a caller).
 * The platform treats those differently: no service token is expected (the bus is the trust boundary), the
 * request ID comes from the event's correlation ID, and a handler's error goes back to the bus with its real
 * message, so the retry and the dead letter record why it failed.
 */
export interface EventDeliveryMarker {
  readonly isEventDelivery: true;
  getPattern(): string;
  /** The correlation ID of the event being handled. */
  getCorrelationId(): string;
}

export function isEventDelivery(transportContext: unknown): transportContext is EventDeliveryMarker {
  return (
    typeof transportContext === 'object' &&
    transportContext !== null &&
    (transportContext as Partial<EventDeliveryMarker>).isEventDelivery === true
  );
}
