import { DynamicModule, Inject, Injectable, Module, OnApplicationShutdown, Provider } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { PlatformTcpClient } from './platform-tcp-client';
import { RPC_CREDENTIALS, RpcClient, RpcCredentials } from './rpc-client';
import { rpcAddressOf, ServiceWithRpc } from './service-address';

export const rpcClientToken = (service: ServiceWithRpc): string => `RpcClient:${service}`;

/** `constructor(@InjectRpcClient('catalog') private readonly catalog: RpcClient)` */
export const InjectRpcClient = (service: ServiceWithRpc): ParameterDecorator =>
  Inject(rpcClientToken(service));

const DEFAULT_TIMEOUT_MS = 3_000;

/** RPC_TIMEOUT_MS, else 3 s: how long any caller waits for an answer. */
export function rpcTimeoutFromEnv(): number {
  const value = Number(process.env.RPC_TIMEOUT_MS);
  return Number.isInteger(value) && value > 0 ? value : DEFAULT_TIMEOUT_MS;
}

/** A client of one service over its Nest TCP transport, at its static-discovery address. Close it when done. */
export function createRpcClient(service: ServiceWithRpc, credentials?: RpcCredentials): RpcClient {
  return new RpcClient(
    service,
    new PlatformTcpClient(rpcAddressOf(service)),
    rpcTimeoutFromEnv(),
    credentials,
  );
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
      useFactory: (credentials?: RpcCredentials) => createRpcClient(service, credentials),
      inject: [{ token: RPC_CREDENTIALS, optional: true }],
    }));
    return {
      module: RpcClientsModule,
      global: true,
      providers: [...clients, { provide: 'RPC_CLIENT_SERVICES', useValue: services }, RpcClientsCloser],
      exports: clients.map((p) => (p as { provide: string }).provide),
    };
  }
}
