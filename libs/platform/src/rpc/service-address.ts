import { envPrefix, SERVICES, ServiceName } from '@bazaar/contracts';
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
