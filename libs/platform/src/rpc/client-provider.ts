import { Provider } from '@nestjs/common';
import { DiscoveryMetrics, SERVICE_REGISTRY, ServiceRegistry } from '@bazaar/discovery';
import { PlatformConfig } from '../config/platform-config';
import { APP_CONFIG } from '../platform.tokens';
import { RPC_CREDENTIALS, RpcCredentials, RpcTimeout } from './rpc-client';
import { RpcDiscoveryOptions } from './instance-pool-for';

/** What every RPC client of an app is made from: its time bound, credentials, and where to find instances. */
export type ClientFactory<TClient> = (
  timeoutMs: RpcTimeout,
  credentials: RpcCredentials | undefined,
  discovery: RpcDiscoveryOptions,
) => TClient;

/**
 * The provider of one client under `token`, made by `create` from the app's config (RPC_TIMEOUT_MS read per call,
 * since it is live; DISCOVERY_EJECT_MS), its registry, the discovery metrics, and the service credentials if any.
 */
export function clientProvider<TClient>(token: string, create: ClientFactory<TClient>): Provider {
  return {
    provide: token,
    useFactory: (
      config: PlatformConfig,
      registry: ServiceRegistry,
      metrics: DiscoveryMetrics,
      credentials?: RpcCredentials,
    ) =>
      create(() => config.RPC_TIMEOUT_MS, credentials, {
        registry,
        ejectMs: config.DISCOVERY_EJECT_MS,
        retireMs: config.RPC_TIMEOUT_MS,
        observer: metrics,
      }),
    inject: [APP_CONFIG, SERVICE_REGISTRY, DiscoveryMetrics, { token: RPC_CREDENTIALS, optional: true }],
  };
}
