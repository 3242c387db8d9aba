import { Logger } from '@nestjs/common';
import { ClientGrpcProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { Metadata, ServiceError, status as GrpcStatus } from '@grpc/grpc-js';
import { lastValueFrom, Observable, timeout, TimeoutError } from 'rxjs';
import { isErrorCode, RpcErrorBody, ServiceName } from '@bazaar/contracts';
import { RequestContext } from '../context/request-context';
import { DomainError } from '../errors/domain-error';
import { RpcCredentials } from './rpc-client';
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

type UnaryMethods = Record<string, (request: unknown, metadata?: Metadata) => Observable<unknown>>;

/**
 * Unary calls to one gRPC service through Nest's gRPC client: the request ID, the verified caller and a service
 * token ride in the metadata, the wait is bounded, and failures come back as DomainErrors (the remote's own code
 * from the `x-bazaar-error` trailer, or SERVICE_UNAVAILABLE when it cannot be reached in time).
 */
export class GrpcClient {
  private readonly logger: Logger;
  private readonly methods: UnaryMethods;

  constructor(
    readonly service: ServiceName,
    private readonly proxy: ClientGrpcProxy,
    serviceName: string,
    private readonly timeoutMs: number,
    private readonly credentials?: RpcCredentials,
  ) {
    this.logger = new Logger(`GrpcClient:${service}`);
    this.methods = proxy.getService<UnaryMethods>(serviceName);
  }

  static create(spec: GrpcServiceSpec, timeoutMs: number, credentials?: RpcCredentials): GrpcClient {
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
  async call<TResult>(method: string, request: unknown): Promise<TResult> {
    const metadata = new Metadata();
    const context = RequestContext.current();
    metadata.set(GRPC_META.requestId, context?.requestId ?? 'none');
    if (context?.caller) metadata.set(GRPC_META.caller, JSON.stringify(context.caller));
    const token = await this.credentials?.serviceTokenFor(this.service);
    if (token) metadata.set(GRPC_META.authorization, `Bearer ${token}`);
    try {
      const reply = await lastValueFrom(
        this.methods[method](request, metadata).pipe(timeout<unknown>(this.timeoutMs)),
      );
      return reply as TResult;
    } catch (error) {
      throw this.translate(method, error);
    }
  }

  close(): void {
    this.proxy.close();
  }

  private translate(method: string, error: unknown): DomainError {
    if (error instanceof TimeoutError) {
      this.logger.warn({ method, timeoutMs: this.timeoutMs, msg: `${this.service} did not answer in time` });
      return new DomainError('SERVICE_UNAVAILABLE', `The ${this.service} service did not answer in time.`);
    }
    const serviceError = error as Partial<ServiceError>;
    const trailer = serviceError.metadata?.get(GRPC_META.error)[0];
    if (typeof trailer === 'string') {
      const body = JSON.parse(trailer) as Partial<RpcErrorBody>;
      if (isErrorCode(body.code))
        return new DomainError(body.code, body.message ?? 'Request failed.', body.details);
    }
    if (serviceError.code === GrpcStatus.UNAVAILABLE || serviceError.code === GrpcStatus.DEADLINE_EXCEEDED) {
      this.logger.warn({ method, err: error, msg: `${this.service} is unreachable` });
      return new DomainError('SERVICE_UNAVAILABLE', `The ${this.service} service is unavailable.`);
    }
    this.logger.error({ method, err: error, msg: `${this.service} failed` });
    return new DomainError('INTERNAL', 'An unexpected error occurred.');
  }
}
