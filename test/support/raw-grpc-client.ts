import { credentials, loadPackageDefinition, Metadata, ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { GRPC_LOADER_OPTIONS } from '@bazaar/platform';

type Unary = (
  request: unknown,
  metadata: Metadata,
  callback: (error: ServiceError | null, reply: unknown) => void,
) => void;
type Client = Record<string, Unary> & { close(): void };
type ClientConstructor = new (
  address: string,
  creds: ReturnType<typeof credentials.createInsecure>,
) => Client;

/** A failed call: its gRPC status, and the domain error the platform put in the `x-bazaar-error` trailer. */
export interface GrpcFailure {
  code: number;
  details: string;
  domain: { code: string; message?: string; details?: Record<string, unknown> };
}

/**
 * A plain @grpc/grpc-js client built from a .proto file itself, not from the generated TypeScript: a contract test
 * that breaks when a server and its proto drift apart. `service` is fully qualified (`bazaar.orders.v1.OrdersService`).
 */
export class RawGrpcClient {
  private readonly client: Client;

  constructor(protoPath: string, service: string, address: string) {
    let node: unknown = loadPackageDefinition(loadSync(protoPath, GRPC_LOADER_OPTIONS));
    for (const segment of service.split('.')) node = (node as Record<string, unknown> | undefined)?.[segment];
    if (typeof node !== 'function') throw new Error(`${protoPath} defines no service ${service}`);
    this.client = new (node as ClientConstructor)(address, credentials.createInsecure());
  }

  /** `method` as the proto names it (`GetItem`); fields in camelCase, as the servers' loader options have them. */
  call<T>(method: string, request: unknown, metadata = new Metadata()): Promise<T> {
    return new Promise((resolve, reject) => {
      this.client[method](request, metadata, (error, reply) => (error ? reject(error) : resolve(reply as T)));
    });
  }

  /** The error of a call that must fail. */
  async failure(method: string, request: unknown): Promise<GrpcFailure> {
    try {
      await this.call(method, request);
    } catch (error) {
      const serviceError = error as ServiceError;
      const raw = serviceError.metadata?.get('x-bazaar-error')[0];
      return {
        code: serviceError.code,
        details: serviceError.details,
        domain: JSON.parse(typeof raw === 'string' ? raw : '{}') as GrpcFailure['domain'],
      };
    }
    throw new Error(`${method} succeeded but was expected to fail`);
  }

  close(): void {
    this.client.close();
  }
}
