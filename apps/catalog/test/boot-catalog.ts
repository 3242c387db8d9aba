import { ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { bootstrapService, RunningService } from '@bazaar/platform';
import { freePort } from '../../../test/support/free-port';
import { createTestDatabase, TestDatabase } from '../../../test/support/test-database';
import { AppModule } from '../src/app.module';

export interface BootedCatalog {
  database: TestDatabase;
  service: RunningService;
  /** A Nest TCP client to the service, as the gateway uses. */
  client: ClientProxy;
  /** Base URL of its ops HTTP server (health, metrics). */
  ops: string;
  close(): Promise<void>;
}

/**
 * The catalog booted in-process exactly as `main.ts` boots it, on its real TCP transport on a loopback port,
 * over a fresh migrated database. `env` adds or overrides variables (e.g. `CATALOG_SEED`).
 */
export async function bootCatalog(env: Record<string, string> = {}): Promise<BootedCatalog> {
  const database = await createTestDatabase('catalog');
  const rpcPort = await freePort();
  Object.assign(process.env, {
    CATALOG_DATABASE_URL: database.url,
    CATALOG_RPC_PORT: String(rpcPort),
    CATALOG_HTTP_PORT: '0',
    CATALOG_SEED: 'false',
    LOG_LEVEL: 'warn',
    ...env,
  });
  const service = await bootstrapService(AppModule, {
    name: 'catalog',
    transport: 'tcp',
    handleSignals: false,
  });
  const client = ClientProxyFactory.create({
    transport: Transport.TCP,
    options: { host: '127.0.0.1', port: rpcPort },
  });
  return {
    database,
    service,
    client,
    ops: `http://127.0.0.1:${service.httpPort}`,
    close: async () => {
      for (const key of Object.keys(env)) delete process.env[key];
      await client.close();
      await service.shutdown('test finished');
      await database.drop();
    },
  };
}
