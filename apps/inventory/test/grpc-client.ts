import { credentials, loadPackageDefinition, Metadata, ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { inventoryProtoPath } from '@bazaar/contracts';
import { GRPC_LOADER_OPTIONS } from '@bazaar/platform';

type Unary = (
  request: unknown,
  metadata: Metadata,
  callback: (error: ServiceError | null, reply: unknown) => void,
) => void;
type GrpcClient = Record<string, Unary> & { close(): void };
type ClientConstructor = new (
  address: string,
  creds: ReturnType<typeof credentials.createInsecure>,
) => GrpcClient;

/**
 * A plain @grpc/grpc-js client built from the .proto file itself, not from the generated TypeScript: a contract
 * test that breaks when the server and the proto drift apart.
 */
export class RawInventoryClient {
  private readonly client: GrpcClient;

  constructor(address: string) {
    const definition = loadPackageDefinition(
      loadSync(inventoryProtoPath(), GRPC_LOADER_OPTIONS),
    ) as unknown as {
      bazaar: { inventory: { v1: { InventoryService: ClientConstructor } } };
    };
    this.client = new definition.bazaar.inventory.v1.InventoryService(address, credentials.createInsecure());
  }

  call<T>(method: string, request: unknown, metadata = new Metadata()): Promise<T> {
    return new Promise((resolve, reject) => {
      this.client[method](request, metadata, (error, reply) => (error ? reject(error) : resolve(reply as T)));
    });
  }

  /** The error of a call that must fail: its gRPC status and the domain error carried in the trailers. */
  async failure(
    method: string,
    request: unknown,
  ): Promise<{ code: number; details: string; domain: { code: string; details?: Record<string, unknown> } }> {
    try {
      await this.call(method, request);
    } catch (error) {
      const serviceError = error as ServiceError;
      const raw = serviceError.metadata?.get('x-bazaar-error')[0];
      return {
        code: serviceError.code,
        details: serviceError.details,
        domain: JSON.parse(typeof raw === 'string' ? raw : '{}') as {
          code: string;
          details?: Record<string, unknown>;
        },
      };
    }
    throw new Error(`${method} succeeded but was expected to fail`);
  }

  close(): void {
    this.client.close();
  }
}
