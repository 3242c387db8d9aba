import { ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { lastValueFrom } from 'rxjs';
import { RpcErrorBody, RpcMeta } from '@bazaar/contracts';
import { bootstrapService, RunningService } from '@bazaar/platform';
import { freePort } from '../../../test/support/free-port';
import { createTestDatabase, TestDatabase } from '../../../test/support/test-database';
import { AppModule } from '../src/app.module';

export interface BootedIdentity {
  service: RunningService;
  /** A Nest TCP client to the service, as the gateway uses. */
  client: ClientProxy;
  /** Sends one envelope; `meta` adds a caller or a service token. */
  call<T>(pattern: string, data: unknown, meta?: Partial<RpcMeta>): Promise<T>;
  /** The error body of a call that must fail. */
  failure(pattern: string, data: unknown, meta?: Partial<RpcMeta>): Promise<RpcErrorBody>;
  close(): Promise<void>;
}

/**
 * Identity booted in-process exactly as `main.ts` boots it, on its real TCP transport on a loopback port, over
 * a fresh migrated database, with signing keys generated into a throwaway folder.
 */
export async function bootIdentity(env: Record<string, string> = {}): Promise<BootedIdentity> {
  const database: TestDatabase = await createTestDatabase('identity');
  const keysDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bazaar-identity-keys-'));
  const rpcPort = await freePort();
  const variables: Record<string, string> = {
    IDENTITY_DATABASE_URL: database.url,
    IDENTITY_RPC_PORT: String(rpcPort),
    IDENTITY_HTTP_PORT: '0',
    JWT_KEYS_DIR: keysDir,
    JWT_GENERATE_KEYS: 'true',
    BAZAAR_ADMIN_GENERATE: 'false',
    LOG_LEVEL: 'warn',
    ...env,
  };
  Object.assign(process.env, variables);
  const service = await bootstrapService(AppModule, {
    name: 'identity',
    transport: 'tcp',
    handleSignals: false,
  });
  const client = ClientProxyFactory.create({
    transport: Transport.TCP,
    options: { host: '127.0.0.1', port: rpcPort },
  });
  const call = <T>(pattern: string, data: unknown, meta: Partial<RpcMeta> = {}): Promise<T> =>
    lastValueFrom(client.send<T>(pattern, { meta: { requestId: 'it-identity', ...meta }, data }));
  return {
    service,
    client,
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
      fs.rmSync(keysDir, { recursive: true, force: true });
    },
  };
}
