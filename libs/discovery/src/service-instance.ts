/** One running instance of a service, as discovery knows it: where its business transport listens. */
export interface ServiceInstance {
  /** Unique per instance (Consul's service ID; `host:port` for static addresses). */
  id: string;
  host: string;
  port: number;
  /** Free-form facts the instance registered (ops port, version). */
  meta: Record<string, string>;
}

/** `host:port` of an instance, as logs and metrics name it. */
export function addressOf(instance: Pick<ServiceInstance, 'host' | 'port'>): string {
  return `${instance.host}:${instance.port}`;
}
