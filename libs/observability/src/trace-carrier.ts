/**
 * The W3C Trace Context fields as they travel on a message that is not an HTTP request: the TCP envelope's `meta`,
 * gRPC metadata, AMQP headers, an event envelope (pg-boss payload, outbox row). Same names as the HTTP headers.
 */
export interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
}

/** `version-traceid-parentid-flags`, lower-case hex: https://www.w3.org/TR/trace-context/#traceparent-header */
export const TRACEPARENT_PATTERN = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** tracestate is at most 32 list members; 512 characters bounds it well above what real vendors send. */
export const TRACESTATE_MAX_LENGTH = 512;

/** The carrier's fields when they are well-formed strings, so nothing a client sent reaches a log or a span raw. */
export function traceCarrierOf(source: unknown): TraceCarrier {
  if (typeof source !== 'object' || source === null) return {};
  const { traceparent, tracestate } = source as Record<string, unknown>;
  const carrier: TraceCarrier = {};
  if (typeof traceparent === 'string' && TRACEPARENT_PATTERN.test(traceparent)) {
    carrier.traceparent = traceparent;
    if (typeof tracestate === 'string' && tracestate.length <= TRACESTATE_MAX_LENGTH)
      carrier.tracestate = tracestate;
  }
  return carrier;
}
