/**
 * The Node and V8 flags every service process runs with: here for `npm start` (and so the e2e tests and the
 * benches), and in the CMD of each image in docker/Dockerfile (a unit test keeps the two identical). Why each
 * one, and what it was measured to save: docs/adr/0016-service-memory.md.
 */
export const SERVICE_NODE_FLAGS: readonly string[] = [
  // Prisma's query compiler is a 3.4 MB WebAssembly module. V8's optimizing wasm tier (TurboFan) compiles it on
  // background threads whose freed zone memory stays in glibc's per-thread arenas: 40-60 MiB of RSS for good.
  // Liftoff alone compiles it in half the time, and Prisma's queries cost the same CPU (measured in the ADR).
  '--liftoff-only',
  // V8 grows each young-generation semi-space up to 16 MiB and never gives the pages back: 32 MiB per idle
  // process. 2 MiB holds a request's garbage; the old generation is unchanged.
  '--max-semi-space-size=2',
  // Not --enable-source-maps: Node 20 reads and keeps the source map of every module it loads (8 MiB per
  // service). `NODE_OPTIONS=--enable-source-maps npm start` brings TypeScript positions back to stack traces.
];
