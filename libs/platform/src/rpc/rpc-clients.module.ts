import { DynamicModule, Inject, Injectable, Module, OnApplicationShutdown, Provider } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { PlatformConfig } from '../config/platform-config';
import { APP_CONFIG } from '../platform.tokens';
import { PlatformTcpClient } from './platform-tcp-client';
import { RabbitMqRpcClient } from './rabbitmq-rpc.client';
import { RPC_CREDENTIALS, RpcClient, RpcCredentials, RpcTimeout } from './rpc-client';
import { RpcRequester } from './rpc-requester';
import { rpcQueueOf, rpcTransportOf } from './rpc-transport';
import { rpcAddressOf, ServiceWithRpc } from './service-address';

export const rpcClientToken = (service: ServiceWithRpc): string => `RpcClient:${service}`;

/** `constructor(@InjectRpcClient('catalog') private readonly catalog: RpcClient)` */
export const InjectRpcClient = (service: ServiceWithRpc): ParameterDecorator =>
  Inject(rpcClientToken(service));

/**
 * A client of one service, waiting at most `timeoutMs` (the app's RPC_TIMEOUT_MS) for each answer, over the
 * transport `rpcTransportOf` picks: the service's queue on RabbitMQ, or its Nest TCP transport at its
 * static-discovery address. Close it when done.
 */
export function createRpcClient(
  service: ServiceWithRpc,
  timeoutMs: RpcTimeout,
  credentials?: RpcCredentials,
  env: NodeJS.ProcessEnv = process.env,
): RpcClient {
  return new RpcClient(service, requesterFor(service, env), timeoutMs, credentials);
}

function requesterFor(service: ServiceWithRpc, env: NodeJS.ProcessEnv): RpcRequester {
  if (rpcTransportOf(service, env) === 'rabbitmq') {
    return new RabbitMqRpcClient({ url: env.RABBITMQ_URL!, queue: rpcQueueOf(service, env) });
  }
  return new PlatformTcpClient(rpcAddressOf(service, env));
}

@Injectable()
class RpcClientsCloser implements OnApplicationShutdown {
  constructor(
    private readonly moduleRef: ModuleRef,
    @Inject('RPC_CLIENT_SERVICES') private readonly services: ServiceWithRpc[],
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(
      this.services.map((service) => this.moduleRef.get<RpcClient>(rpcClientToken(service)).close()),
    );
  }
}

/**
 * Clients for the services an app calls: at addresses from static discovery (`<SERVICE>_RPC_HOST/PORT`), or on
 * RabbitMQ for the services `rpcTransportOf` puts there.
 */
@Module({})
export class RpcClientsModule {
  static register(services: ServiceWithRpc[]): DynamicModule {
    const clients: Provider[] = services.map((service) => ({
      provide: rpcClientToken(service),
      useFactory: (config: PlatformConfig, credentials?: RpcCredentials) =>
        // Read per call: RPC_TIMEOUT_MS is live.
        createRpcClient(service, () => config.RPC_TIMEOUT_MS, credentials),
      inject: [APP_CONFIG, { token: RPC_CREDENTIALS, optional: true }],
    }));
    return {
      module: RpcClientsModule,
      global: true,
      providers: [...clients, { provide: 'RPC_CLIENT_SERVICES', useValue: services }, RpcClientsCloser],
      exports: clients.map((p) => (p as { provide: string }).provide),
    };
  }
}
