/**
 * The one table of Bazaar's services: their default addresses, and whether they own a database. Every port can
 * be overridden by env (`<SERVICE>_HTTP_PORT`, `<SERVICE>_RPC_PORT`, `<SERVICE>_RPC_HOST`); static discovery
 * reads the same names. The launcher starts the services in this order, then the gateway (it calls the others).
 * `npm run new:service` adds a row here.
 */
export const SERVICES = {
  gateway: { httpPort: 3000 },
  identity: { httpPort: 3101, rpcPort: 4101, database: true },
  catalog: { httpPort: 3102, rpcPort: 4102, database: true },
  inventory: { httpPort: 3103, rpcPort: 4103, database: true },
  notifications: { httpPort: 3104, rpcPort: 4104, database: true },
  'psp-sandbox': { httpPort: 3105 },
  payments: { httpPort: 3106, rpcPort: 4105, database: true, brokerRpc: true },
  orders: { httpPort: 3107, rpcPort: 4106, database: true },
} as const satisfies Record<string, ServiceEntry>;

export interface ServiceEntry {
  httpPort: number;
  rpcPort?: number;
  /** It owns a database: `<SERVICE>_DATABASE_URL`, prisma/<service>/, migrations. */
  database?: true;
  /**
   * Its RPC travels over RabbitMQ (request/reply on the queue `rpc.<service>`) when `RABBITMQ_URL` is set; over
   * its Nest TCP port otherwise. Callers and the service pick the same transport from this flag and the env.
   */
  brokerRpc?: true;
}

export type ServiceName = keyof typeof SERVICES;

/** Services that own a database, in the order migrations run. */
export type DatabaseServiceName = {
  [K in ServiceName]: (typeof SERVICES)[K] extends { database: true } ? K : never;
}[ServiceName];
export const DATABASE_SERVICES = (Object.keys(SERVICES) as ServiceName[]).filter(
  (service): service is DatabaseServiceName => 'database' in SERVICES[service],
);

/** Every service, in the order the launcher starts them: the gateway, which calls the others, last. */
export const LAUNCH_ORDER: ServiceName[] = [
  ...(Object.keys(SERVICES) as ServiceName[]).filter((service) => service !== 'gateway'),
  'gateway',
];

/** `catalog` -> `CATALOG`: the prefix of a service's environment variables. */
export function envPrefix(service: string): string {
  return service.toUpperCase().replace(/-/g, '_');
}
