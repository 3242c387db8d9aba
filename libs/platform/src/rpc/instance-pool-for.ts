import { InstancePool, PoolObserver, ServiceInstance, ServiceRegistry } from '@bazaar/discovery';
import { ServiceName } from '@bazaar/contracts';
import { staticRegistry } from '../discovery/service-registry.factory';

/** Where a client finds the instances of its service; by default, static addresses from the environment. */
export interface RpcDiscoveryOptions {
  env?: NodeJS.ProcessEnv;
  registry?: ServiceRegistry;
  /** How long an instance that failed a call is skipped (DISCOVERY_EJECT_MS). */
  ejectMs?: number;
  /** How long the client of an instance that left is kept for the calls it carries (RPC_TIMEOUT_MS). */
  retireMs?: number;
  observer?: PoolObserver;
}

/** DISCOVERY_EJECT_MS's default, for clients made outside an app's config (tests, tools). */
const DEFAULT_EJECT_MS = 5_000;
/** RPC_TIMEOUT_MS's default: no call waits longer. */
const DEFAULT_RETIRE_MS = 3_000;

/** The pool of per-instance clients a caller of `service` spreads its calls over. */
export function instancePoolFor<TClient>(
  service: ServiceName,
  discovery: RpcDiscoveryOptions,
  connect: (instance: ServiceInstance) => TClient,
  disconnect: (client: TClient) => void | Promise<void>,
): InstancePool<TClient> {
  return new InstancePool<TClient>({
    service,
    registry: discovery.registry ?? staticRegistry(discovery.env ?? process.env),
    connect,
    disconnect,
    ejectMs: discovery.ejectMs ?? DEFAULT_EJECT_MS,
    retireMs: discovery.retireMs ?? DEFAULT_RETIRE_MS,
    observer: discovery.observer,
  });
}
