import { DynamicModule, Global, Module, ModuleMetadata, Type } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ServiceName } from '@bazaar/contracts';
import { DiscoveryMetrics, discoveryMetricProviders, SERVICE_REGISTRY } from '@bazaar/discovery';
import { HealthModule, ReadinessIndicator } from '@bazaar/health';
import { MetricsModule } from '@bazaar/metrics';
import { loadConfig } from './config/load-config';
import { createServiceRegistry } from './discovery/service-registry.factory';
import { ServiceRegistryCloser } from './discovery/service-registry.closer';
import { PlatformConfig } from './config/platform-config';
import { PlatformExceptionFilter } from './errors/exception.filter';
import { createValidationPipe } from './errors/validation';
import { LifecycleService } from './lifecycle/lifecycle.service';
import { ShutdownReadiness } from './lifecycle/shutdown-readiness';
import { APP_CONFIG, SERVICE_NAME } from './platform.tokens';
import { BrokerRpcReadiness, BrokerRpcStatus } from './rpc/broker-rpc-readiness';
import { PingController } from './rpc/ping.controller';
import { RpcContextInterceptor } from './rpc/rpc-context.interceptor';
import { rpcTransportOf } from './rpc/rpc-transport';
import { RpcWork } from './rpc/rpc-work';

export interface PlatformModuleOptions<C extends PlatformConfig> {
  service: ServiceName;
  /** The app's config class; inject it by type anywhere in the app. */
  config: Type<C>;
  readiness?: {
    /** Modules that provide what the indicators need (e.g. the app's database module). */
    imports?: ModuleMetadata['imports'];
    indicators: Array<Type<ReadinessIndicator>>;
  };
}

@Global()
@Module({})
class PlatformCoreModule {
  static forRoot(service: ServiceName, config: Type<PlatformConfig>): DynamicModule {
    const configProvider = { provide: config, useFactory: () => loadConfig(config) };
    const registryProvider = {
      provide: SERVICE_REGISTRY,
      inject: [APP_CONFIG, DiscoveryMetrics],
      useFactory: createServiceRegistry,
    };
    return {
      module: PlatformCoreModule,
      providers: [
        { provide: SERVICE_NAME, useValue: service },
        configProvider,
        { provide: APP_CONFIG, useExisting: config },
        LifecycleService,
        BrokerRpcStatus,
        ...discoveryMetricProviders,
        DiscoveryMetrics,
        registryProvider,
        ServiceRegistryCloser,
      ],
      exports: [
        SERVICE_NAME,
        config,
        APP_CONFIG,
        LifecycleService,
        BrokerRpcStatus,
        DiscoveryMetrics,
        SERVICE_REGISTRY,
      ],
    };
  }
}

/**
 * Everything a Bazaar service gets without writing it: typed config, error mapping, strict validation, the
 * RPC request context, `/health/live`, `/health/ready`, `/metrics`, and the `platform.ping` pattern.
 */
@Module({})
export class PlatformModule {
  static forRoot<C extends PlatformConfig>(options: PlatformModuleOptions<C>): DynamicModule {
    // A service served over RabbitMQ is ready once it consumes its queue (TCP: once it listens, before /health).
    const brokerRpc = rpcTransportOf(options.service) === 'rabbitmq' ? [BrokerRpcReadiness] : [];
    return {
      module: PlatformModule,
      imports: [
        PlatformCoreModule.forRoot(options.service, options.config),
        MetricsModule.forService(options.service),
        HealthModule.forRoot({
          imports: options.readiness?.imports,
          indicators: [ShutdownReadiness, ...brokerRpc, ...(options.readiness?.indicators ?? [])],
        }),
      ],
      controllers: [PingController],
      providers: [
        { provide: APP_FILTER, useClass: PlatformExceptionFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        // The transports account for each RPC: the TCP server itself, gRPC through this interceptor, which the
        // bootstrap installs only on gRPC services (an interceptor wraps every route, HTTP included).
        RpcWork,
        RpcContextInterceptor,
      ],
    };
  }
}
