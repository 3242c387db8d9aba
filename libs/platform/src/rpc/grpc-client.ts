import { Logger } from '@nestjs/common';
import { ClientGrpcProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import type { Metadata, ServiceError } from '@grpc/grpc-js';
import { lastValueFrom, Observable, timeout, TimeoutError } from 'rxjs';
import { isErrorCode, RpcErrorBody, ServiceName } from '@bazaar/contracts';
import { GrpcStatus } from '../errors/grpc-status';
import { grpcJs } from './grpc-runtime';
import { RequestContext } from '../context/request-context';
import { DomainError } from '../errors/domain-error';
import { RpcCredentials, RpcTimeout, timeoutOf } from './rpc-client';
import { GRPC_META } from './rpc-meta';
import { GRPC_LOADER_OPTIONS } from './grpc-server';
import { rpcAddressOf, ServiceWithRpc } from './service-address';

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

/**
 * Unary calls to one gRPC service through Nest's gRPC client: the request ID, the verified caller and a service
 * token ride in the metadata, the wait is bounded, and failures come back as DomainErrors (the remote's own code
 * from the `x-bazaar-error` trailer, or SERVICE_UNAVAILABLE when it cannot be reached in time). Typed by the
 * client interface ts-proto generates from the .proto (`GrpcClient<inventoryV1.InventoryServiceClient>`), so a
 * method, request or reply that changes in the contract breaks the build where it is called.
 */
export class GrpcClient<TService extends object = UnaryMethods> {
  private readonly logger: Logger;
  private readonly methods: UnaryMethods;

  constructor(
    readonly service: ServiceName,
    private readonly proxy: ClientGrpcProxy,
    serviceName: string,
    private readonly timeoutMs: RpcTimeout,
    private readonly credentials?: RpcCredentials,
  ) {
    this.logger = new Logger(`GrpcClient:${service}`);
    this.methods = proxy.getService<UnaryMethods>(serviceName);
  }

  static create(
    spec: GrpcServiceSpec,
    timeoutMs: RpcTimeout,
    credentials?: RpcCredentials,
  ): GrpcClient<object> {
    const { host, port } = rpcAddressOf(spec.service);
    const proxy = ClientProxyFactory.create({
      transport: Transport.GRPC,
      options: {
        url: `${host}:${port}`,
        package: spec.package,
        protoPath: spec.protoPath,
        loader: GRPC_LOADER_OPTIONS,
      },
    });
    return new GrpcClient(spec.service, proxy, spec.serviceName, timeoutMs, credentials);
  }

  /** `method` is the generated client's camelCase name (`batchGetStock`). */
  async call<K extends GrpcMethodName<TService>>(
    method: K,
    request: GrpcRequestOf<TService, K>,
  ): Promise<GrpcReplyOf<TService, K>> {
    const metadata = new (grpcJs().Metadata)();
    const context = RequestContext.current();
    metadata.set(GRPC_META.requestId, context?.requestId ?? 'none');
    if (context?.caller) metadata.set(GRPC_META.caller, JSON.stringify(context.caller));
    const token = await this.credentials?.serviceTokenFor(this.service);
    if (token) metadata.set(GRPC_META.authorization, `Bearer ${token}`);
    const timeoutMs = timeoutOf(this.timeoutMs);
    try {
      const reply = await lastValueFrom(
        this.methods[method](request as never, metadata).pipe(timeout<unknown>(timeoutMs)),
      );
      return reply as GrpcReplyOf<TService, K>;
    } catch (error) {
      throw this.translate(method, error, timeoutMs);
    }
  }

  close(): void {
    this.proxy.close();
  }

  private translate(method: string, error: unknown, timeoutMs: number): DomainError {
    if (error instanceof TimeoutError) {
      this.logger.warn({ method, timeoutMs, msg: `${this.service} did not answer in time` });
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
