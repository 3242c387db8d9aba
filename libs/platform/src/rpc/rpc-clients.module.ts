import { DynamicModule, Inject, Injectable, Module, OnApplicationShutdown, Provider } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { clientProvider } from './client-provider';
import { PlatformTcpClient } from './platform-tcp-client';
import { RabbitMqRpcClient } from './rabbitmq-rpc.client';
import { RpcClient, RpcCredentials, RpcTimeout } from './rpc-client';
import { RpcRequester } from './rpc-requester';
import { rpcQueueOf, rpcTransportOf } from './rpc-transport';
import { ServiceWithRpc } from './service-address';
import { BalancedRpcRequester } from './balanced-rpc-requester';
import { instancePoolFor, RpcDiscoveryOptions } from './instance-pool-for';

export type { RpcDiscoveryOptions };

export const rpcClientToken = (service: ServiceWithRpc): string => `RpcClient:${service}`;

/** `constructor(@InjectRpcClient('catalog') private readonly catalog: RpcClient)` */
export const InjectRpcClient = (service: ServiceWithRpc): ParameterDecorator =>
  Inject(rpcClientToken(service));

/**
 * A client of one service, waiting at most `timeoutMs` (the app's RPC_TIMEOUT_MS) for each answer, over the
 * transport `rpcTransportOf` picks: the service's queue on RabbitMQ, or its Nest TCP transport on each instance
 * discovery lists (round-robin, `BalancedRpcRequester`). Close it when done.
 */
export function createRpcClient(
  service: ServiceWithRpc,
  timeoutMs: RpcTimeout,
  credentials?: RpcCredentials,
  discovery: RpcDiscoveryOptions = {},
): RpcClient {
  return new RpcClient(service, requesterFor(service, discovery), timeoutMs, credentials);
}

function requesterFor(service: ServiceWithRpc, discovery: RpcDiscoveryOptions): RpcRequester {
  const env = discovery.env ?? process.env;
  if (rpcTransportOf(service, env) === 'rabbitmq') {
    // The broker spreads requests over the instances consuming the queue: nothing to discover.
    return new RabbitMqRpcClient({ url: env.RABBITMQ_URL!, queue: rpcQueueOf(service, env) });
  }
  const pool = instancePoolFor<RpcRequester>(
    service,
    discovery,
    ({ host, port }) => new PlatformTcpClient({ host, port }),
    (client) => client.close(),
  );
  return new BalancedRpcRequester(pool);
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
 * Clients for the services an app calls: spread over the instances the app's registry lists (Consul, or static
 * addresses: `<SERVICE>_RPC_ADDRESSES`, `<SERVICE>_RPC_HOST/PORT`), or on RabbitMQ for the services
 * `rpcTransportOf` puts there.
 */
@Module({})
export class RpcClientsModule {
  static register(services: ServiceWithRpc[]): DynamicModule {
    const clients: Provider[] = services.map((service) =>
      clientProvider(rpcClientToken(service), (timeout, credentials, discovery) =>
        createRpcClient(service, timeout, credentials, discovery),
      ),
    );
    return {
      module: RpcClientsModule,
      global: true,
      providers: [...clients, { provide: 'RPC_CLIENT_SERVICES', useValue: services }, RpcClientsCloser],
      exports: clients.map((p) => (p as { provide: string }).provide),
    };
  }
}
