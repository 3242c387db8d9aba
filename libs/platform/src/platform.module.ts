import { DynamicModule, Global, Module, ModuleMetadata, Type } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { SERVICES, ServiceName } from '@bazaar/contracts';
import { HealthModule, ReadinessIndicator } from '@bazaar/health';
import { MetricsModule } from '@bazaar/metrics';
import { loadConfig } from './config/load-config';
import { PlatformConfig } from './config/platform-config';
import { PlatformExceptionFilter } from './errors/exception.filter';
import { createValidationPipe } from './errors/validation';
import { LifecycleService } from './lifecycle/lifecycle.service';
import { ShutdownReadiness } from './lifecycle/shutdown-readiness';
import { APP_CONFIG, SERVICE_NAME } from './platform.tokens';
import { PingController } from './rpc/ping.controller';
import { RpcContextInterceptor } from './rpc/rpc-context.interceptor';

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
    return {
      module: PlatformCoreModule,
      providers: [
        { provide: SERVICE_NAME, useValue: service },
        configProvider,
        { provide: APP_CONFIG, useExisting: config },
        LifecycleService,
      ],
      exports: [SERVICE_NAME, config, APP_CONFIG, LifecycleService],
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
    return {
      module: PlatformModule,
      imports: [
        PlatformCoreModule.forRoot(options.service, options.config),
        MetricsModule.forService(options.service),
        HealthModule.forRoot({
          imports: options.readiness?.imports,
          indicators: [ShutdownReadiness, ...(options.readiness?.indicators ?? [])],
        }),
      ],
      controllers: [PingController],
      providers: [
        { provide: APP_FILTER, useClass: PlatformExceptionFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        // Only where RPCs arrive: a global interceptor also wraps every HTTP route, and Nest's interceptor chain
        // costs a few percent of a request (two AsyncResource.bind calls) even when it passes straight through.
        ...(servesRpc(options.service)
          ? [{ provide: APP_INTERCEPTOR, useClass: RpcContextInterceptor }]
          : []),
      ],
    };
  }
}

/** Whether a service has an RPC transport (a port in the service table), as opposed to HTTP only. */
function servesRpc(service: ServiceName): boolean {
  return 'rpcPort' in SERVICES[service];
}
