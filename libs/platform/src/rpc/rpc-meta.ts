import { ExecutionContext } from '@nestjs/common';
import type { Metadata } from '@grpc/grpc-js';
import { ArgumentsHost } from '@nestjs/common';
import { REQUEST_ID_HEADER, RpcEnvelope, RpcMeta } from '@bazaar/contracts';
import { traceCarrierOf } from '@bazaar/observability';
import { loadedGrpcJs } from './grpc-runtime';

/** gRPC metadata keys that carry what the TCP envelope's `meta` carries. */
export const GRPC_META = {
  requestId: REQUEST_ID_HEADER,
  /** The verified end user, JSON. */
  caller: 'x-bazaar-caller',
  /** `Bearer <service token>`. */
  authorization: 'authorization',
  /** On errors: the domain error `{ code, message, details }`, JSON, so callers recover the exact code. */
  error: 'x-bazaar-error',
  /** W3C trace context of the calling span, when tracing is on. */
  traceparent: 'traceparent',
  tracestate: 'tracestate',
} as const;

type RpcHost = ExecutionContext | ArgumentsHost;

/** The gRPC metadata of a call, or undefined when the call came over another transport. */
export function grpcMetadataOf(host: RpcHost): Metadata | undefined {
  const metadata: unknown = host.getArgByIndex(1);
  // A process that never loaded gRPC has no gRPC calls; asking would load it for nothing.
  const grpc = loadedGrpcJs();
  return grpc && metadata instanceof grpc.Metadata ? metadata : undefined;
}

/**
 * What travels with an RPC besides its payload, whatever the transport: the TCP envelope's `meta`, or the same
 * fields read from gRPC metadata.
 */
export function rpcMetaOf(host: RpcHost): Partial<RpcMeta> {
  const metadata = grpcMetadataOf(host);
  if (!metadata) {
    return host.switchToRpc().getData<Partial<RpcEnvelope<unknown>> | undefined>()?.meta ?? {};
  }
  const text = (key: string) => {
    const value = metadata.get(key)[0];
    return typeof value === 'string' ? value : undefined;
  };
  const meta: Partial<RpcMeta> = {};
  const requestId = text(GRPC_META.requestId);
  if (requestId) meta.requestId = requestId;
  const caller = text(GRPC_META.caller);
  if (caller) {
    try {
      meta.caller = JSON.parse(caller) as RpcMeta['caller'];
    } catch {
      // A malformed caller is no caller: callerFrom() would drop it anyway.
    }
  }
  const bearer = /^Bearer (\S+)$/.exec(text(GRPC_META.authorization) ?? '');
  if (bearer) meta.serviceToken = bearer[1];
  return Object.assign(
    meta,
    traceCarrierOf({ traceparent: text(GRPC_META.traceparent), tracestate: text(GRPC_META.tracestate) }),
  );
}

/** The payload of an RPC: the TCP envelope's `data`, or the gRPC request message itself. */
export function rpcPayloadOf(host: RpcHost): unknown {
  const data = host.switchToRpc().getData<unknown>();
  if (grpcMetadataOf(host)) return data ?? {};
  return (data as Partial<RpcEnvelope<unknown>> | undefined)?.data ?? {};
}
