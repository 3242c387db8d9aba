import { REQUEST_ID_HEADER, RpcErrorBody, RpcMeta } from '@bazaar/contracts';
import { traceCarrierOf } from '@bazaar/observability';
import { callerFrom, RequestContext } from '../context/request-context';

/**
 * Message headers that carry what the TCP envelope's `meta` carries (the same names as the gRPC metadata, and the
 * W3C `traceparent`/`tracestate`). The pattern travels in the AMQP `type` property, the payload alone in the body,
 * as JSON.
 */
export const RMQ_RPC_HEADERS = {
  requestId: REQUEST_ID_HEADER,
  /** The verified end user, JSON. */
  caller: 'x-bazaar-caller',
  /** `Bearer <service token>`. */
  authorization: 'authorization',
} as const;

/** Where replies go: RabbitMQ's direct reply-to pseudo-queue, no reply queue to declare or delete. */
export const DIRECT_REPLY_TO = 'amq.rabbitmq.reply-to';

export const JSON_CONTENT_TYPE = 'application/json';

/** The body of a reply: the handler's answer, or the platform exception filter's error body. */
export type RmqRpcReply = { response: unknown; err?: undefined } | { err: RpcErrorBody | string };

export function headersOf(meta: RpcMeta): Record<string, string> {
  const headers: Record<string, string> = { [RMQ_RPC_HEADERS.requestId]: meta.requestId };
  if (meta.caller) headers[RMQ_RPC_HEADERS.caller] = JSON.stringify(meta.caller);
  if (meta.serviceToken) headers[RMQ_RPC_HEADERS.authorization] = `Bearer ${meta.serviceToken}`;
  if (meta.traceparent) headers.traceparent = meta.traceparent;
  if (meta.tracestate) headers.tracestate = meta.tracestate;
  return headers;
}

/**
 * The envelope's `meta` back from a request's headers, as the TCP transport's handlers receive it: a missing or
 * malformed request ID becomes a fresh one, a malformed caller or authorization is dropped.
 */
export function metaOf(headers: Record<string, unknown> | undefined): RpcMeta {
  const meta: RpcMeta = {
    requestId: RequestContext.acceptOrCreate(textOf(headers, RMQ_RPC_HEADERS.requestId)),
  };
  const caller = callerFrom(parseJson(textOf(headers, RMQ_RPC_HEADERS.caller)));
  if (caller) meta.caller = caller;
  const bearer = /^Bearer (\S+)$/.exec(textOf(headers, RMQ_RPC_HEADERS.authorization) ?? '');
  if (bearer) meta.serviceToken = bearer[1];
  return Object.assign(
    meta,
    traceCarrierOf({
      traceparent: textOf(headers, 'traceparent'),
      tracestate: textOf(headers, 'tracestate'),
    }),
  );
}

/** A JSON body, or `undefined` for an empty or malformed one. */
export function parseJson(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function textOf(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  const value = headers?.[name];
  if (typeof value === 'string') return value;
  // amqplib hands header values of type longstr over as Buffers when they were published as such.
  return Buffer.isBuffer(value) ? value.toString('utf8') : undefined;
}
