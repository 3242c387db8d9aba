import { DynamicModule, Inject, Injectable, Module, OnApplicationShutdown, Provider } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { clientProvider } from './client-provider';
import { GrpcClient, GrpcServiceSpec } from './grpc-client';
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
    const clients: Provider[] = specs.map((spec) =>
      clientProvider(grpcClientToken(spec.service), (timeout, credentials, discovery) =>
        GrpcClient.create(spec, timeout, credentials, discovery),
      ),
    );
    const services = specs.map((spec) => spec.service);
    return {
      module: GrpcClientsModule,
      global: true,
      providers: [...clients, { provide: 'GRPC_CLIENT_SERVICES', useValue: services }, GrpcClientsCloser],
      exports: services.map(grpcClientToken),
    };
  }
}
