import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { Controller, Injectable, Module, Type } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import type * as Amqplib from 'amqplib';
import { AuthModule, JwksSource } from '@bazaar/auth';
import { DEFAULT_TOKEN_ISSUER, JsonWebKeySet, PLATFORM_PATTERNS } from '@bazaar/contracts';
import {
  bootstrapService,
  createRpcClient,
  PlatformConfig,
  PlatformModule,
  RpcData,
  RunningService,
} from '@bazaar/platform';
import { eventually } from '../../../test/support/eventually';
import { signRs256 } from '../../../test/support/jwt';
import { describeIf, serverNamedBy } from '../../../test/support/skip';

const rabbit = serverNamedBy('TEST_RABBITMQ_URL', 5672);
const BROKER = process.env.TEST_RABBITMQ_URL ?? '';

@Controller()
class EchoController {
  @MessagePattern('test.echo')
  echo(@RpcData() data: unknown): unknown {
    return data;
  }
}

/** The key identity would sign service tokens with, and its public half as identity's JWKS. */
const signing = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { kid: `test-${randomUUID().slice(0, 8)}`, privateKey: signing.privateKey };

@Injectable()
class TestJwks implements JwksSource {
  fetchJwks(): Promise<JsonWebKeySet> {
    const { n, e } = signing.publicKey.export({ format: 'jwk' });
    return Promise.resolve({ keys: [{ kty: 'RSA', kid: signingKey.kid, alg: 'RS256', use: 'sig', n, e }] });
  }
}

@Module({ providers: [TestJwks], exports: [TestJwks] })
class TestJwksModule {}

/** A service token identity would issue to `sub` for calling payments. */
function serviceToken(audience = 'payments'): string {
  const now = Math.floor(Date.now() / 1000);
  return signRs256(signingKey, {
    iss: DEFAULT_TOKEN_ISSUER,
    aud: audience,
    sub: 'gateway',
    typ: 'service',
    iat: now,
    exp: now + 300,
  });
}

/**
 * Defined once the service's row says brokerRpc: PlatformModule reads the transport when it is built. With
 * `auth`, the service checks service tokens as every Bazaar service does (`AuthModule`, SERVICE_AUTH).
 */
function echoServiceModule(auth = false): Type<unknown> {
  @Module({
    imports: [
      PlatformModule.forRoot({ service: 'payments', config: PlatformConfig }),
      ...(auth ? [AuthModule.forService({ jwksSource: TestJwks, imports: [TestJwksModule] })] : []),
    ],
    controllers: [EchoController],
  })
  class EchoServiceModule {}
  return EchoServiceModule;
}

interface Readiness {
  status: number;
  body: { info?: Record<string, unknown>; error?: Record<string, { status: string; message?: string }> };
}

async function readiness(service: RunningService): Promise<Readiness> {
  const response = await fetch(`http://127.0.0.1:${service.httpPort}/health/ready`);
  return { status: response.status, body: (await response.json()) as Readiness['body'] };
}

/**
 * bootstrapService and createRpcClient choose the transport from the service table (payments' row says
 * `brokerRpc`) and RABBITMQ_URL. A small echo module stands in for the payments app: the transport is under test.
 */
describeIf(rabbit.ok, rabbit.missing)('a brokerRpc service booted by bootstrapService', () => {
  const queue = `rpc.test-boot-${randomUUID().slice(0, 8)}`;
  const variables: Record<string, string> = {
    PAYMENTS_RPC_QUEUE: queue,
    PAYMENTS_HTTP_PORT: '0',
    LOG_LEVEL: 'error',
    LOG_REQUESTS: 'false',
  };

  beforeAll(() => {
    Object.assign(process.env, variables);
  });

  afterAll(async () => {
    for (const name of [...Object.keys(variables), 'RABBITMQ_URL']) delete process.env[name];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { connect } = require('amqplib') as typeof Amqplib;
    const model = await connect(BROKER);
    await (await model.createChannel()).deleteQueue(queue);
    await model.close();
  });

  it('starts while the broker is unreachable, not ready until it consumes', async () => {
    process.env.RABBITMQ_URL = 'amqp://guest:guest@127.0.0.1:1';
    const service = await bootstrapService(echoServiceModule(), {
      name: 'payments',
      transport: 'tcp',
      handleSignals: false,
    });
    try {
      expect(service.rpcPort).toBeUndefined();
      const { status, body } = await readiness(service);
      expect(status).toBe(503);
      expect(body.error?.['rpc-queue']).toMatchObject({ status: 'down' });
      expect(body.error?.['rpc-queue']?.message).toMatch(/RabbitMQ unreachable/);
    } finally {
      await service.shutdown('test');
    }
  });

  it('checks service tokens over the broker as over TCP (ServiceTokenGuard, SERVICE_AUTH=required)', async () => {
    process.env.RABBITMQ_URL = BROKER;
    process.env.SERVICE_AUTH = 'required';
    const service = await bootstrapService(echoServiceModule(true), {
      name: 'payments',
      transport: 'tcp',
      handleSignals: false,
    });
    const withToken = createRpcClient('payments', 3_000, { serviceTokenFor: () => serviceToken() });
    const misaddressed = createRpcClient('payments', 3_000, {
      serviceTokenFor: () => serviceToken('identity'),
    });
    try {
      await eventually(
        () => readiness(service),
        ({ status }) => status === 200,
        5_000,
        'readiness once the queue is consumed',
      );
      await expect(withToken.send('test.echo', { n: 1 })).resolves.toEqual({ n: 1 });
      const refused = { code: 'SERVICE_TOKEN_INVALID' };
      await expect(withToken.send('test.echo', {}, { anonymous: true })).rejects.toMatchObject(refused);
      await expect(misaddressed.send('test.echo', {})).rejects.toMatchObject(refused);
      // Callers' readiness pings need no token.
      await expect(withToken.send(PLATFORM_PATTERNS.ping, {}, { anonymous: true })).resolves.toBeDefined();
    } finally {
      delete process.env.SERVICE_AUTH;
      await withToken.close();
      await misaddressed.close();
      await service.shutdown('test');
    }
  });

  it('serves its queue, no RPC port, reachable by the client createRpcClient picks; stops at shutdown', async () => {
    process.env.RABBITMQ_URL = BROKER;
    const service = await bootstrapService(echoServiceModule(), {
      name: 'payments',
      transport: 'tcp',
      handleSignals: false,
    });
    const client = createRpcClient('payments', 3_000);
    try {
      expect(service.rpcPort).toBeUndefined();
      const ready = await eventually(
        () => readiness(service),
        ({ status }) => status === 200,
        5_000,
        'readiness once the queue is consumed',
      );
      expect(ready.body.info).toMatchObject({ 'rpc-queue': { status: 'up' } });
      await expect(client.send('test.echo', { n: 1 })).resolves.toEqual({ n: 1 });

      await service.shutdown('test');
      await expect(client.send('test.echo', { n: 2 }, { timeoutMs: 300 })).rejects.toMatchObject({
        code: 'SERVICE_UNAVAILABLE',
      });
    } finally {
      await client.close();
      await service.shutdown('test');
    }
  });
});
