/**
 * The one table of Bazaar's services and their default addresses. Every port can be overridden by env
 * (`<SERVICE>_HTTP_PORT`, `<SERVICE>_RPC_PORT`, `<SERVICE>_RPC_HOST`); static discovery reads the same names.
 */
export const SERVICES = {
  gateway: { httpPort: 3000 },
  identity: { httpPort: 3101, rpcPort: 4101 },
  catalog: { httpPort: 3102, rpcPort: 4102 },
  inventory: { httpPort: 3103, rpcPort: 4103 },
  notifications: { httpPort: 3104, rpcPort: 4104 },
} as const satisfies Record<string, { httpPort: number; rpcPort?: number }>;

export type ServiceName = keyof typeof SERVICES;

/** Services that own a database, in the order migrations run. */
export const DATABASE_SERVICES = ['identity', 'catalog', 'inventory', 'notifications'] as const;
export type DatabaseServiceName = (typeof DATABASE_SERVICES)[number];

/** `catalog` -> `CATALOG`: the prefix of a service's environment variables. */
export function envPrefix(service: string): string {
  return service.toUpperCase().replace(/-/g, '_');
}
