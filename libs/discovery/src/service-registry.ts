import type { ServiceName } from '@bazaar/contracts';
import type { ServiceInstance } from './service-instance';

/** Called with every passing instance of a service: once at once (when known), then on each change. */
export type InstancesListener = (instances: ServiceInstance[]) => void;

/** What an instance announces about itself when it registers. */
export interface InstanceRegistration {
  service: ServiceName;
  /** Unique per instance: two instances with one ID would replace each other in Consul. */
  id: string;
  /** The address its business transport (TCP, gRPC, or HTTP for the gateway) is reached at. */
  host: string;
  port: number;
  /** Its ops HTTP port: `/health/ready` is checked there, `/metrics` scraped there. */
  opsPort: number;
  version: string;
  tags: string[];
}

/**
 * The port every caller and every service goes through to find instances and to announce itself. Two adapters:
 * static addresses from the environment (the embedded default) and Consul (the production profile).
 */
export interface ServiceRegistry {
  /** Follows the passing instances of `service`; returns the function that stops following. */
  watch(service: ServiceName, listener: InstancesListener): () => void;
  /** Announces this instance (with a health check on its readiness); a no-op for static addresses. */
  register(registration: InstanceRegistration): Promise<void>;
  /** Withdraws what `register` announced, waiting at most `timeoutMs`; safe when nothing was registered. */
  deregister(timeoutMs?: number): Promise<void>;
  /** Stops every watch. */
  close(): Promise<void>;
}
