import { DynamicModule, Inject, Injectable, Module, OnApplicationShutdown, Provider } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { DiscoveryMetrics, SERVICE_REGISTRY, ServiceRegistry } from '@bazaar/discovery';
import { GrpcClient, GrpcServiceSpec } from './grpc-client';
import { RPC_CREDENTIALS, RpcCredentials } from './rpc-client';
import { PlatformConfig } from '../config/platform-config';
import { APP_CONFIG } from '../platform.tokens';
import { ServiceWithRpc } from './service-address';

export const grpcClientToken = (service: ServiceWithRpc): string => `GrpcClient:${service}`;

/** `constructor(@InjectGrpcClient('inventory') private readonly inventory: GrpcClient)` */
export const InjectGrpcClient = (service: ServiceWithRpc): ParameterDecorator =>
  Inject(grpcClientToken(service));

@Injectable()
class GrpcClientsCloser implements OnApplicationShutdown {
  constructor(
    private readonly moduleRef: ModuleRef,
    @Inject('GRPC_CLIENT_SERVICES') private readonly services: ServiceWithRpc[],
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(
      this.services.map((service) => this.moduleRef.get<GrpcClient>(grpcClientToken(service)).close()),
    );
  }
}

/** Clients for the gRPC services an app calls, spread over the instances the app's registry lists. */
@Module({})
export class GrpcClientsModule {
  static register(specs: GrpcServiceSpec[]): DynamicModule {
    const clients: Provider[] = specs.map((spec) => ({
      provide: grpcClientToken(spec.service),
      useFactory: (
        config: PlatformConfig,
        registry: ServiceRegistry,
        metrics: DiscoveryMetrics,
        credentials?: RpcCredentials,
      ) =>
        GrpcClient.create(spec, config.RPC_TIMEOUT_MS, credentials, {
          registry,
          ejectMs: config.DISCOVERY_EJECT_MS,
          observer: metrics,
        }),
      inject: [APP_CONFIG, SERVICE_REGISTRY, DiscoveryMetrics, { token: RPC_CREDENTIALS, optional: true }],
    }));
    const services = specs.map((spec) => spec.service);
    return {
      module: GrpcClientsModule,
      global: true,
      providers: [...clients, { provide: 'GRPC_CLIENT_SERVICES', useValue: services }, GrpcClientsCloser],
      exports: services.map(grpcClientToken),
    };
  }
}
