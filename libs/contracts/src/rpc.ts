import type { Caller } from './identity';

/**
 * What travels with every request/response RPC besides its payload. Nest's TCP transport has no headers,
 * so the metadata rides in an envelope; gRPC metadata and broker headers carry the same fields later.
 */
export interface RpcMeta {
  requestId: string;
  /** The end user on whose behalf the call is made, as the gateway verified them. */
  caller?: Caller;
  /** A service token from identity (client credentials), `aud` = the called service. */
  serviceToken?: string;
  /** W3C trace context of the calling span, when tracing is on (the HTTP headers' names and format). */
  traceparent?: string;
  tracestate?: string;
}

export interface RpcEnvelope<T> {
  meta: RpcMeta;
  data: T;
}

export const REQUEST_ID_HEADER = 'x-request-id';

/** Patterns every RPC service answers, whatever its business. */
export const PLATFORM_PATTERNS = {
  /** A cheap round trip through the transport and the handler pipeline; used by callers' readiness checks. */
  ping: 'platform.ping',
} as const;

export interface PingReply {
  service: string;
  ok: true;
}
