import { envPrefix, SERVICES, ServiceName } from '@bazaar/contracts';
import { ConfigError } from '../config/load-config';

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

export function portFromEnv(env: NodeJS.ProcessEnv, variable: string, fallback: number): number {
  const raw = env[variable];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError([`${variable} (got "${raw}"): must be a port number between 0 and 65535`]);
  }
  return port;
}

export type { ServiceWithRpc };
