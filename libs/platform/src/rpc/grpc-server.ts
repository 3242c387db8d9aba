import type { Server } from '@grpc/grpc-js';
import { MicroserviceOptions, Transport } from '@nestjs/microservices';
import type * as GrpcReflection from '@grpc/reflection';
import type * as ProtoLoader from '@grpc/proto-loader';
import type { Options } from '@grpc/proto-loader';
import type * as GrpcHealthCheck from 'grpc-health-check';
import type { HealthImplementation } from 'grpc-health-check';
import { grpcJs } from './grpc-runtime';

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
    // Required here, not on import: only a gRPC service builds one (docs/adr/0016-service-memory.md).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { HealthImplementation } = require('grpc-health-check') as typeof GrpcHealthCheck;
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
  // Through grpcJs(), so that the platform recognizes the calls' metadata (rpc-meta.ts).
  grpcJs();
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
        /* eslint-disable @typescript-eslint/no-require-imports */
        const { ReflectionService } = require('@grpc/reflection') as typeof GrpcReflection;
        const { loadSync } = require('@grpc/proto-loader') as typeof ProtoLoader;
        /* eslint-enable @typescript-eslint/no-require-imports */
        new ReflectionService(loadSync(transport.protoPath, GRPC_LOADER_OPTIONS)).addToServer(server);
      },
    },
  };
}
