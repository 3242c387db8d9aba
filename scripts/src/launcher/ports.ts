import net from 'node:net';
import { envPrefix, SERVICES, ServiceName } from '../../../libs/contracts/src/services';
import { portFromEnv } from '../../../libs/platform/src/rpc/port-from-env';
import { portHolder } from './port-holder';

/** A port the platform is about to listen on, and what should own it. */
export interface PortClaim {
  port: number;
  host: string;
  /** e.g. `catalog RPC (CATALOG_RPC_PORT)`. */
  owner: string;
}

export interface TakenPort extends PortClaim {
  /** The process holding it, when it can be found: `pid 123: node ...`. */
  holder?: string;
}

/** Every port `npm start` will listen on: each service's HTTP and RPC port, and the embedded PostgreSQL's. */
export function platformPorts(
  services: readonly ServiceName[],
  env: NodeJS.ProcessEnv,
  postgresPort?: number,
): PortClaim[] {
  const httpHost = env.HTTP_HOST || '127.0.0.1';
  const claims: PortClaim[] = [];
  for (const service of services) {
    const prefix = envPrefix(service);
    const entry = SERVICES[service] as { httpPort: number; rpcPort?: number };
    const http = `${prefix}_HTTP_PORT`;
    claims.push({
      port: portFromEnv(env, http, entry.httpPort),
      host: httpHost,
      owner: `${service} HTTP (${http})`,
    });
    if (entry.rpcPort !== undefined) {
      const rpc = `${prefix}_RPC_PORT`;
      claims.push({
        port: portFromEnv(env, rpc, entry.rpcPort),
        host: env[`${prefix}_RPC_HOST`] || '127.0.0.1',
        owner: `${service} RPC (${rpc})`,
      });
    }
  }
  if (postgresPort !== undefined) {
    claims.push({ port: postgresPort, host: '127.0.0.1', owner: 'embedded PostgreSQL (BAZAAR_PG_PORT)' });
  }
  return claims;
}

/** The claims whose port cannot be listened on right now, each with its holder when it can be found. */
export async function takenPorts(claims: PortClaim[]): Promise<TakenPort[]> {
  const results = await Promise.all(
    claims.map(async (claim) => ((await canListen(claim)) ? undefined : claim)),
  );
  return results
    .filter((claim): claim is PortClaim => claim !== undefined)
    .map((claim) => ({ ...claim, holder: portHolder(claim.port) }));
}

/** Port 0 means "any free port": never taken. */
export function canListen({ port, host }: Pick<PortClaim, 'port' | 'host'>): Promise<boolean> {
  if (port === 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}
