import type { ServiceName } from '@bazaar/contracts';
import type { ServiceInstance } from '../service-instance';
import type { InstancesListener, ServiceRegistry } from '../service-registry';

/** Where the instances of a service are, when nothing tells us but the environment. */
export type StaticAddresses = (service: ServiceName) => ServiceInstance[];

/**
 * The embedded default's registry: every instance at an address the environment names (`<SERVICE>_RPC_ADDRESSES`,
 * or `<SERVICE>_RPC_HOST`/`_PORT`), listed at once and never changing; nothing to register. A dead instance stays
 * listed: the callers' pools eject it for a cool-down after each failed call.
 */
export class StaticRegistry implements ServiceRegistry {
  constructor(private readonly addresses: StaticAddresses) {}

  watch(service: ServiceName, listener: InstancesListener): () => void {
    listener(this.addresses(service));
    return () => undefined;
  }

  register(): Promise<void> {
    return Promise.resolve();
  }

  deregister(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
