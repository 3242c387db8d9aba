import { traceCarrierOf, TraceScope, Tracing } from '@bazaar/observability';

/** The `rpc.system` of each transport the platform speaks. */
export type RpcSystem = 'nest-tcp' | 'grpc' | 'rabbitmq';

/**
 * The span of an incoming RPC, a child of the caller's span when `meta` carries its trace context (the TCP
 * envelope's meta, gRPC metadata or AMQP headers read into the same shape). Undefined when tracing is off.
 */
export function startRpcServerSpan(
  pattern: string,
  system: RpcSystem,
  meta: unknown,
  requestId: string,
): TraceScope | undefined {
  if (!Tracing.enabled) return undefined;
  return Tracing.start(pattern, {
    kind: 'server',
    parent: traceCarrierOf(meta),
    attributes: { 'rpc.system': system, 'rpc.method': pattern, 'bazaar.request_id': requestId },
  });
}

/** Attributes of an outgoing call's span. */
export function rpcClientAttributes(system: RpcSystem, service: string, method: string) {
  return { 'rpc.system': system, 'rpc.service': service, 'rpc.method': method };
}
