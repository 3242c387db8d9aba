import { Type } from '@nestjs/common';
import { ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { register } from 'prom-client';
import { lastValueFrom } from 'rxjs';
import { DatabaseServiceName, envPrefix, RpcErrorBody, RpcMeta } from '@bazaar/contracts';
import { bootstrapService, RunningService, ServiceOptions } from '@bazaar/platform';
import { freePort } from './free-port';
import { createEmptyTestDatabase, createTestDatabase, TestDatabase } from './test-database';

export interface BootedService {
  database: TestDatabase;
  service: RunningService;
  /** A Nest TCP client to the service, as the gateway uses (unused for gRPC services). */
  client: ClientProxy;
  /** Base URL of its ops HTTP server (health, metrics). */
  ops: string;
  /** Sends one envelope; `meta` adds a caller or a service token. */
  call<T>(pattern: string, data: unknown, meta?: Partial<RpcMeta>): Promise<T>;
  /** The error body of a call that must fail. */
  failure(pattern: string, data: unknown, meta?: Partial<RpcMeta>): Promise<RpcErrorBody>;
  close(): Promise<void>;
}

/**
 * A service booted in-process exactly as its `main.ts` boots it, on its real TCP transport on a loopback port (or
 * the `transport` given; `null` for a service that offers none), over a fresh migrated database. `env` adds or
 * overrides variables; every variable set is removed on close. Its metrics start from zero.
 */
export async function bootService(
  name: DatabaseServiceName,
  module: Type<unknown>,
  env: Record<string, string> = {},
  transport: ServiceOptions['transport'] | null = 'tcp',
  eventServer?: ServiceOptions['eventServer'],
): Promise<BootedService> {
  const database = await createTestDatabase(name);
  // Services publish or consume events: unless the test chose a bus, each gets a private PostgreSQL one.
  const bus =
    env.BUS_DATABASE_URL || env.RABBITMQ_URL ? undefined : await createEmptyTestDatabase(`${name}_bus`);
  const rpcPort = await freePort();
  const prefix = envPrefix(name);
  const variables: Record<string, string> = {
    [`${prefix}_DATABASE_URL`]: database.url,
    [`${prefix}_RPC_PORT`]: String(rpcPort),
    [`${prefix}_HTTP_PORT`]: '0',
    LOG_LEVEL: 'warn',
    ...(bus ? { BUS_DATABASE_URL: bus.url } : {}),
    ...env,
  };
  Object.assign(process.env, variables);
  // Services booted in one test file share prom-client's registry (one per process in production): each boot
  // starts every metric from zero, so no count left by an earlier service or pass can satisfy a later test.
  register.resetMetrics();
  const service = await bootstrapService(module, {
    name,
    transport: transport ?? undefined,
    eventServer,
    handleSignals: false,
  });
  const client = ClientProxyFactory.create({
    transport: Transport.TCP,
    options: { host: '127.0.0.1', port: rpcPort },
  });
  const call = <T>(pattern: string, data: unknown, meta: Partial<RpcMeta> = {}): Promise<T> =>
    lastValueFrom(client.send<T>(pattern, { meta: { requestId: `it-${name}`, ...meta }, data }));
  return {
    database,
    service,
    client,
    ops: `http://127.0.0.1:${service.httpPort}`,
    call,
    failure: async (pattern, data, meta) => {
      try {
        await call(pattern, data, meta);
      } catch (error) {
        return error as RpcErrorBody;
      }
      throw new Error(`${pattern} succeeded but was expected to fail`);
    },
    close: async () => {
      for (const key of Object.keys(variables)) delete process.env[key];
      await client.close();
      await service.shutdown('test finished');
      await database.drop();
      await bus?.drop();
    },
  };
}
