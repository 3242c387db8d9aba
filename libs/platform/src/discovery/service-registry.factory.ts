import { Logger } from '@nestjs/common';
import {
  ConsulRegistry,
  ConsulUnreachableError,
  DiscoveryMetrics,
  ServiceRegistry,
  StaticRegistry,
} from '@bazaar/discovery';
import { PlatformConfig } from '../config/platform-config';
import { staticInstancesOf } from '../rpc/service-address';

/** Bound on Consul requests outside the watches: the start-up probe, registration, deregistration. */
const CONSUL_REQUEST_TIMEOUT_MS = 3_000;

/** Static addresses from the environment: the embedded default, and any caller without a registry of its own. */
export function staticRegistry(env: NodeJS.ProcessEnv = process.env): ServiceRegistry {
  return new StaticRegistry((service) => staticInstancesOf(service, env));
}

/**
 * The registry the app's config asks for: Consul when `CONSUL_URL` is set, static addresses otherwise. A Consul
 * that does not answer at start stops the start, unless `DISCOVERY_STATIC_FALLBACK` says to go on without it.
 */
export async function createServiceRegistry(
  config: PlatformConfig,
  metrics: DiscoveryMetrics,
): Promise<ServiceRegistry> {
  if (!config.CONSUL_URL) return staticRegistry();
  try {
    return await ConsulRegistry.connect({
      url: config.CONSUL_URL,
      token: config.CONSUL_TOKEN,
      checkInterval: config.CONSUL_CHECK_INTERVAL,
      checkTimeout: config.CONSUL_CHECK_TIMEOUT,
      deregisterAfter: config.CONSUL_DEREGISTER_AFTER,
      requestTimeoutMs: CONSUL_REQUEST_TIMEOUT_MS,
      observer: metrics,
    });
  } catch (error) {
    if (!(error instanceof ConsulUnreachableError) || !config.DISCOVERY_STATIC_FALLBACK) throw error;
    new Logger('Discovery').warn({
      msg: 'Consul did not answer: starting on static addresses (DISCOVERY_STATIC_FALLBACK=true)',
      err: error,
    });
    metrics.registryReachable(false, error);
    return staticRegistry();
  }
}
