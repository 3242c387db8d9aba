import { envPrefix, SERVICES, ServiceName } from '@bazaar/contracts';
import type { ServiceInstance } from '@bazaar/discovery';
import { ConfigError } from '../config/load-config';
import { portFromEnv } from './port-from-env';

export interface ServiceAddress {
  host: string;
  port: number;
}

type ServiceWithRpc = {
  [K in ServiceName]: (typeof SERVICES)[K] extends { rpcPort: number } ? K : never;
}[ServiceName];

/** Static discovery: `<SERVICE>_RPC_HOST` / `<SERVICE>_RPC_PORT`, defaulting to the service table. */
export function rpcAddressOf(service: ServiceWithRpc, env: NodeJS.ProcessEnv = process.env): ServiceAddress {
  const prefix = envPrefix(service);
  return {
    host: env[`${prefix}_RPC_HOST`] || '127.0.0.1',
    port: portFromEnv(env, `${prefix}_RPC_PORT`, SERVICES[service].rpcPort),
  };
}

export function httpPortOf(service: ServiceName, env: NodeJS.ProcessEnv = process.env): number {
  return portFromEnv(env, `${envPrefix(service)}_HTTP_PORT`, SERVICES[service].httpPort);
}

export { portFromEnv };
export type { ServiceWithRpc };

/**
 * Static discovery of every instance of a service: `<SERVICE>_RPC_ADDRESSES` (`host:port,host:port`, what the
 * launcher's `--scale` sets), or the one address of `rpcAddressOf`. A malformed entry is a configuration error
 * naming the variable.
 */
export function staticInstancesOf(
  service: ServiceName,
  env: NodeJS.ProcessEnv = process.env,
): ServiceInstance[] {
  const entry = SERVICES[service] as { rpcPort?: number };
  if (entry.rpcPort === undefined) return [];
  const variable = `${envPrefix(service)}_RPC_ADDRESSES`;
  const list = env[variable];
  const addresses = list
    ? list.split(',').map((item) => parseAddress(item.trim(), variable))
    : [rpcAddressOf(service as ServiceWithRpc, env)];
  return addresses.map(({ host, port }) => ({ id: `${host}:${port}`, host, port, meta: {} }));
}

function parseAddress(item: string, variable: string): ServiceAddress {
  const match = /^([^\s:]+|\[[0-9a-fA-F:]+\]):(\d{1,5})$/.exec(item);
  const port = match ? Number(match[2]) : NaN;
  if (!match || port < 1 || port > 65535) {
    throw new ConfigError([`${variable} (got "${item}"): each entry must be host:port, separated by commas`]);
  }
  return { host: match[1], port };
}
