import type { ServiceInstance } from '../service-instance';

/** One element of `GET /v1/health/service/:name`, as far as discovery reads it. */
export interface HealthEntry {
  Node?: { Address?: string };
  Service: { ID: string; Address?: string; Port: number; Meta?: Record<string, string> | null };
  Checks?: Array<{ Status: string; ServiceID?: string }>;
}

/** The instance an entry describes; an empty service address means the node's (Consul's documented fallback). */
export function instanceOf(entry: HealthEntry): ServiceInstance {
  return {
    id: entry.Service.ID,
    host: entry.Service.Address || entry.Node?.Address || '127.0.0.1',
    port: entry.Service.Port,
    meta: entry.Service.Meta ?? {},
  };
}

/** Every check of the entry passes (what `?passing` filters on). */
export function isPassing(entry: HealthEntry): boolean {
  return (entry.Checks ?? []).every((check) => check.Status === 'passing');
}
