import { DynamicModule, Inject, Injectable, Module, OnApplicationShutdown, Provider } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { PlatformConfig } from '../config/platform-config';
import { APP_CONFIG } from '../platform.tokens';
import { PlatformTcpClient } from './platform-tcp-client';
import { RPC_CREDENTIALS, RpcClient, RpcCredentials } from './rpc-client';
import { rpcAddressOf, ServiceWithRpc } from './service-address';

export const rpcClientToken = (service: ServiceWithRpc): string => `RpcClient:${service}`;

/** `constructor(@InjectRpcClient('catalog') private readonly catalog: RpcClient)` */
export const InjectRpcClient = (service: ServiceWithRpc): ParameterDecorator =>
  Inject(rpcClientToken(service));

/**
 * A client of one service over its Nest TCP transport, at its static-discovery address, waiting at most
 * `timeoutMs` (the app's RPC_TIMEOUT_MS) for each answer. Close it when done.
 */
export function createRpcClient(
  service: ServiceWithRpc,
  timeoutMs: number,
  credentials?: RpcCredentials,
): RpcClient {
  return new RpcClient(service, new PlatformTcpClient(rpcAddressOf(service)), timeoutMs, credentials);
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

/** Clients for the services an app calls, at addresses from static discovery (`<SERVICE>_RPC_HOST/PORT`). */
@Module({})
export class RpcClientsModule {
  static register(services: ServiceWithRpc[]): DynamicModule {
    const clients: Provider[] = services.map((service) => ({
      provide: rpcClientToken(service),
      useFactory: (config: PlatformConfig, credentials?: RpcCredentials) =>
        createRpcClient(service, config.RPC_TIMEOUT_MS, credentials),
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
