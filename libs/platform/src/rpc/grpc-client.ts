import { Logger } from '@nestjs/common';
import { ClientGrpcProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import type { Metadata, ServiceError } from '@grpc/grpc-js';
import { lastValueFrom, Observable, timeout, TimeoutError } from 'rxjs';
import { IDEMPOTENT_GRPC_READS, isErrorCode, RpcErrorBody, ServiceName } from '@bazaar/contracts';
import { InstancePool, PoolMember } from '@bazaar/discovery';
import { TraceCarrier, Tracing } from '@bazaar/observability';
import { GrpcStatus } from '../errors/grpc-status';
import { grpcJs } from './grpc-runtime';
import { RequestContext } from '../context/request-context';
import { DomainError } from '../errors/domain-error';
import { RpcCredentials, RpcTimeout, timeoutOf } from './rpc-client';
import { GRPC_META } from './rpc-meta';
import { rpcClientAttributes } from './rpc-span';
import { spanOutcomeOfError } from './rpc-work';
import { GRPC_LOADER_OPTIONS } from './grpc-server';
import { ServiceWithRpc } from './service-address';
import { instancePoolFor, RpcDiscoveryOptions } from './instance-pool-for';

export interface GrpcServiceSpec {
  service: ServiceWithRpc;
  /** The proto package, e.g. `bazaar.inventory.v1`. */
  package: string;
  protoPath: string;
  /** The service in the proto, e.g. `InventoryService`. */
  serviceName: string;
}

/** A unary method of a ts-proto generated client interface (`nestJs=true`): request and metadata in, one reply out. */
type UnaryMethod = (request: never, metadata?: Metadata) => Observable<unknown>;
type UnaryMethods = Record<string, UnaryMethod>;

/** The methods of a generated client interface (`inventoryV1.InventoryServiceClient`), by their camelCase names. */
export type GrpcMethodName<TService> = {
  [K in keyof TService]: TService[K] extends UnaryMethod ? K : never;
}[keyof TService] &
  string;
export type GrpcRequestOf<TService, K extends keyof TService> = TService[K] extends (
  request: infer TRequest,
  metadata?: Metadata,
) => Observable<unknown>
  ? TRequest
  : never;
export type GrpcReplyOf<TService, K extends keyof TService> = TService[K] extends (
  ...args: never[]
) => Observable<infer TReply>
  ? TReply
  : never;

/** A channel to one instance and the service's methods on it. */
interface GrpcChannel {
  proxy: ClientGrpcProxy;
  methods: UnaryMethods;
}

/** The call never reached a handler, or its answer never came back: another instance may do better. */
function isUnreachable(error: unknown): boolean {
  if (error instanceof TimeoutError) return true;
  const serviceError = error as Partial<ServiceError>;
  if (serviceError.metadata?.get(GRPC_META.error)[0] !== undefined) return false;
  const code: number | undefined = serviceError.code;
  return code === GrpcStatus.UNAVAILABLE || code === GrpcStatus.DEADLINE_EXCEEDED;
}

/**
 * Unary calls to one gRPC service through Nest's gRPC client: the request ID, the verified caller and a service
 * token ride in the metadata, the wait is bounded, and failures come back as DomainErrors (the remote's own code
 * from the `x-bazaar-error` trailer, or SERVICE_UNAVAILABLE when it cannot be reached in time). Typed by the
 * client interface ts-proto generates from the .proto (`GrpcClient<inventoryV1.InventoryServiceClient>`), so a
 * method, request or reply that changes in the contract breaks the build where it is called.
 */
export class GrpcClient<TService extends object = UnaryMethods> {
  private readonly logger: Logger;

  constructor(
    readonly service: ServiceName,
    private readonly channels: InstancePool<GrpcChannel>,
    private readonly serviceName: string,
    private readonly timeoutMs: RpcTimeout,
    private readonly credentials?: RpcCredentials,
  ) {
    this.logger = new Logger(`GrpcClient:${service}`);
  }

  /** A client spread over the instances discovery lists (static addresses unless a registry is given). */
  static create(
    spec: GrpcServiceSpec,
    timeoutMs: RpcTimeout,
    credentials?: RpcCredentials,
    discovery: RpcDiscoveryOptions = {},
  ): GrpcClient<object> {
    const channels = instancePoolFor<GrpcChannel>(
      spec.service,
      discovery,
      ({ host, port }) => {
        const proxy = ClientProxyFactory.create({
          transport: Transport.GRPC,
          options: {
            url: `${host}:${port}`,
            package: spec.package,
            protoPath: spec.protoPath,
            loader: GRPC_LOADER_OPTIONS,
          },
        });
        return { proxy, methods: proxy.getService<UnaryMethods>(spec.serviceName) };
      },
      ({ proxy }) => proxy.close(),
    );
    return new GrpcClient(spec.service, channels, spec.serviceName, timeoutMs, credentials);
  }

  /**
   * `method` is the generated client's camelCase name (`batchGetStock`). Sent to the next instance in turn; one
   * that cannot be reached is ejected for a cool-down, and a read (`IDEMPOTENT_GRPC_READS`) that failed that way
   * is sent once more to another instance.
   */
  call<K extends GrpcMethodName<TService>>(
    method: K,
    request: GrpcRequestOf<TService, K>,
  ): Promise<GrpcReplyOf<TService, K>> {
    if (!Tracing.enabled) return this.callNow(method, request);
    const rpcMethod = `${this.serviceName}/${method[0].toUpperCase()}${method.slice(1)}`;
    return Tracing.inSpan(
      rpcMethod,
      {
        kind: 'client',
        attributes: rpcClientAttributes('grpc', this.service, rpcMethod),
        outcomeOfError: spanOutcomeOfError,
      },
      () => this.callNow(method, request),
    );
  }

  private async callNow<K extends GrpcMethodName<TService>>(
    method: K,
    request: GrpcRequestOf<TService, K>,
  ): Promise<GrpcReplyOf<TService, K>> {
    const metadata = new (grpcJs().Metadata)();
    const context = RequestContext.current();
    metadata.set(GRPC_META.requestId, context?.requestId ?? 'none');
    // The trace context of this call's span, when tracing is on.
    const trace = Tracing.inject<TraceCarrier>({});
    if (trace.traceparent) metadata.set(GRPC_META.traceparent, trace.traceparent);
    if (trace.tracestate) metadata.set(GRPC_META.tracestate, trace.tracestate);
    if (context?.caller) metadata.set(GRPC_META.caller, JSON.stringify(context.caller));
    const token = await this.credentials?.serviceTokenFor(this.service);
    if (token) metadata.set(GRPC_META.authorization, `Bearer ${token}`);
    const first = this.channels.pick() ?? (await this.afterLookup());
    try {
      return await this.send<K>(first, method, request, metadata);
    } catch (error) {
      if (!isUnreachable(error)) throw this.translate(method, error);
      this.channels.eject(first, error);
      const read = IDEMPOTENT_GRPC_READS.has(
        `${this.serviceName}/${method[0].toUpperCase()}${method.slice(1)}`,
      );
      const retry = read && !(error instanceof TimeoutError) ? this.channels.pick(first) : undefined;
      if (!retry) throw this.translate(method, error);
      try {
        return await this.send<K>(retry, method, request, metadata.clone());
      } catch (second) {
        if (isUnreachable(second)) this.channels.eject(retry, second);
        throw this.translate(method, second);
      }
    }
  }

  async close(): Promise<void> {
    await this.channels.close();
  }

  private async send<K extends GrpcMethodName<TService>>(
    channel: PoolMember<GrpcChannel>,
    method: K,
    request: GrpcRequestOf<TService, K>,
    metadata: Metadata,
  ): Promise<GrpcReplyOf<TService, K>> {
    const reply = await lastValueFrom(
      channel.client.methods[method](request as never, metadata).pipe(
        timeout<unknown>(timeoutOf(this.timeoutMs)),
      ),
    );
    return reply as GrpcReplyOf<TService, K>;
  }

  /** No instance yet: the first answer of a registry (Consul) may still be on its way. */
  private async afterLookup(): Promise<PoolMember<GrpcChannel>> {
    await this.channels.whenKnown(timeoutOf(this.timeoutMs));
    const member = this.channels.pick();
    if (member) return member;
    this.logger.warn({ msg: `no instance of ${this.service} is available` });
    throw new DomainError('SERVICE_UNAVAILABLE', `The ${this.service} service is unavailable.`);
  }

  private translate(method: string, error: unknown): DomainError {
    if (error instanceof TimeoutError) {
      this.logger.warn({
        method,
        timeoutMs: timeoutOf(this.timeoutMs),
        msg: `${this.service} did not answer in time`,
      });
      return new DomainError('SERVICE_UNAVAILABLE', `The ${this.service} service did not answer in time.`);
    }
    const serviceError = error as Partial<ServiceError>;
    const trailer = serviceError.metadata?.get(GRPC_META.error)[0];
    if (typeof trailer === 'string') {
      const body = JSON.parse(trailer) as Partial<RpcErrorBody>;
      if (isErrorCode(body.code))
        return new DomainError(body.code, body.message ?? 'Request failed.', body.details);
    }
    const code: number | undefined = serviceError.code;
    if (code === GrpcStatus.UNAVAILABLE || code === GrpcStatus.DEADLINE_EXCEEDED) {
      this.logger.warn({ method, err: error, msg: `${this.service} is unreachable` });
      return new DomainError('SERVICE_UNAVAILABLE', `The ${this.service} service is unavailable.`);
    }
    this.logger.error({ method, err: error, msg: `${this.service} failed` });
    return new DomainError('INTERNAL', 'An unexpected error occurred.');
  }
}
