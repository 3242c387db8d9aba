import { envPrefix, SERVICES, ServiceName } from '../../../libs/contracts/src/services';
import { portFromEnv } from '../../../libs/platform/src/rpc/port-from-env';
import { canListen } from './ports';

/** How far above a service's own port the launcher looks for an extra instance's port. */
const PORT_SEARCH_SPAN = 200;

/**
 * Start-up work one instance does for all of them: the demo data, the first signing key, the first
 * administrator. Extra instances start once the first is ready (so it is done) and skip it, which leaves no race
 * between instances starting at once. Migrations run once in the launcher, before any service.
 */
const ONCE_ONLY_OFF: NodeJS.ProcessEnv = {
  CATALOG_SEED: 'false',
  INVENTORY_SEED: 'false',
  JWT_GENERATE_KEYS: 'false',
  BAZAAR_ADMIN_GENERATE: 'false',
};

/** One process the launcher runs: a service's first instance, or one of the extra ones `--scale` asks for. */
export interface Instance {
  service: ServiceName;
  /** 1 for the first instance, which runs on the ports the environment gives the service. */
  ordinal: number;
  /** Its log prefix and its name in the launcher's lines: `catalog`, `catalog#2`, `catalog#3`. */
  label: string;
  httpPort: number;
  rpcHost: string;
  rpcPort?: number;
  /** Variables of its own, over the platform's environment. */
  env: NodeJS.ProcessEnv;
}

/**
 * Every process of the platform, in launch order: one per service, and for a scaled service its extra
 * instances, each on the first free HTTP and RPC ports above the service's own that nothing else of the
 * platform claims (`reserved`).
 */
export async function planInstances(
  services: readonly ServiceName[],
  scale: ReadonlyMap<ServiceName, number>,
  env: NodeJS.ProcessEnv,
  reserved: ReadonlySet<number>,
): Promise<Instance[]> {
  const httpHost = env.HTTP_HOST || '127.0.0.1';
  const claimed = new Set(reserved);
  const instances: Instance[] = [];
  for (const service of services) {
    const prefix = envPrefix(service);
    const entry = SERVICES[service] as { httpPort: number; rpcPort?: number };
    const httpPort = portFromEnv(env, `${prefix}_HTTP_PORT`, entry.httpPort);
    const rpcPort =
      entry.rpcPort === undefined ? undefined : portFromEnv(env, `${prefix}_RPC_PORT`, entry.rpcPort);
    const rpcHost = env[`${prefix}_RPC_HOST`] || '127.0.0.1';
    instances.push({ service, ordinal: 1, label: service, httpPort, rpcHost, rpcPort, env: {} });
    for (let ordinal = 2; ordinal <= (scale.get(service) ?? 1); ordinal++) {
      const extraHttp = await nextFreePort(httpPort || entry.httpPort, httpHost, claimed);
      const extraRpc =
        rpcPort === undefined
          ? undefined
          : await nextFreePort(rpcPort || (entry.rpcPort as number), rpcHost, claimed);
      instances.push({
        service,
        ordinal,
        label: `${service}#${ordinal}`,
        httpPort: extraHttp,
        rpcHost,
        rpcPort: extraRpc,
        env: {
          ...ONCE_ONLY_OFF,
          [`${prefix}_HTTP_PORT`]: String(extraHttp),
          ...(extraRpc === undefined ? {} : { [`${prefix}_RPC_PORT`]: String(extraRpc) }),
        },
      });
    }
  }
  return instances;
}

/**
 * `<SERVICE>_RPC_ADDRESSES=host:port,...` for every service that runs more than once: what static discovery
 * hands its callers (every process gets it, as any of them may call the service).
 */
export function rpcAddresses(instances: readonly Instance[]): Record<string, string> {
  const byService = new Map<ServiceName, string[]>();
  for (const instance of instances) {
    if (instance.rpcPort === undefined) continue;
    const addresses = byService.get(instance.service) ?? [];
    addresses.push(`${instance.rpcHost}:${instance.rpcPort}`);
    byService.set(instance.service, addresses);
  }
  return Object.fromEntries(
    [...byService]
      .filter(([, addresses]) => addresses.length > 1)
      .map(([service, addresses]) => [`${envPrefix(service)}_RPC_ADDRESSES`, addresses.join(',')]),
  );
}

/** The first port above `from` that nothing of the platform claims and that can be listened on now; claims it. */
async function nextFreePort(from: number, host: string, claimed: Set<number>): Promise<number> {
  for (let port = from + 1; port <= Math.min(65535, from + PORT_SEARCH_SPAN); port++) {
    if (claimed.has(port) || !(await canListen({ port, host }))) continue;
    claimed.add(port);
    return port;
  }
  throw new Error(`no free port between ${from + 1} and ${from + PORT_SEARCH_SPAN} for an extra instance`);
}
