import type * as GrpcJs from '@grpc/grpc-js';

let loaded: typeof GrpcJs | undefined;

/**
 * `@grpc/grpc-js`, required on first use rather than when the platform is imported: only inventory (a gRPC
 * server) and the gateway (a gRPC client) speak gRPC, and the other services never pay for it
 * (docs/adr/0016-service-memory.md). Nest's own gRPC transport requires it lazily too.
 */
export function grpcJs(): typeof GrpcJs {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load is the point
  loaded ??= require('@grpc/grpc-js') as typeof GrpcJs;
  return loaded;
}

/**
 * `@grpc/grpc-js` when this process loaded it through `grpcJs()`, else undefined: every gRPC server and client
 * of the platform is built through it, so a process that never did has no gRPC call to recognize.
 */
export function loadedGrpcJs(): typeof GrpcJs | undefined {
  return loaded;
}
