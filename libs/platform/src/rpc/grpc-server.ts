import type { Server } from '@grpc/grpc-js';
import { MicroserviceOptions, Transport } from '@nestjs/microservices';
import { ReflectionService } from '@grpc/reflection';
import { loadSync, Options } from '@grpc/proto-loader';
import { HealthImplementation } from 'grpc-health-check';

export interface GrpcTransport {
  kind: 'grpc';
  /** The proto package, e.g. `bazaar.inventory.v1`. */
  package: string;
  protoPath: string;
  /** Fully qualified service names reported by grpc.health.v1.Health. */
  services: string[];
}

/**
 * How every Bazaar gRPC server and client loads protos: camelCase fields, enums as their names, 64-bit numbers as
 * JS numbers, default values present, and the set member of a oneof named.
 */
export const GRPC_LOADER_OPTIONS: Options = {
  keepCase: false,
  enums: String,
  longs: Number,
  defaults: true,
  oneofs: true,
};

/** The standard grpc.health.v1.Health service: SERVING while the service runs, NOT_SERVING once it stops. */
export class GrpcHealth {
  readonly implementation: HealthImplementation;

  constructor(private readonly transport: GrpcTransport) {
    this.implementation = new HealthImplementation(
      Object.fromEntries(['', ...transport.services].map((service) => [service, 'SERVING' as const])),
    );
  }

  notServing(): void {
    for (const service of ['', ...this.transport.services])
      this.implementation.setStatus(service, 'NOT_SERVING');
  }
}

/** Nest's gRPC transport for the service's proto, plus health and server reflection on the same port. */
export function grpcServerOptions(
  transport: GrpcTransport,
  url: string,
  health: GrpcHealth,
): MicroserviceOptions {
  return {
    transport: Transport.GRPC,
    options: {
      url,
      package: transport.package,
      protoPath: transport.protoPath,
      loader: GRPC_LOADER_OPTIONS,
      onLoadPackageDefinition: (_pkg: unknown, server: Pick<Server, 'addService'>) => {
        health.implementation.addToServer(server);
        // Reflection over the service's own proto, so grpcurl and friends can discover it.
        new ReflectionService(loadSync(transport.protoPath, GRPC_LOADER_OPTIONS)).addToServer(server);
      },
    },
  };
}
