import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { SERVICE_REGISTRY, ServiceRegistry } from '@bazaar/discovery';

/** Ends the registry's watches when the app stops (deregistration happens earlier, in the shutdown sequence). */
@Injectable()
export class ServiceRegistryCloser implements OnApplicationShutdown {
  constructor(@Inject(SERVICE_REGISTRY) private readonly registry: ServiceRegistry) {}

  async onApplicationShutdown(): Promise<void> {
    await this.registry.close();
  }
}
