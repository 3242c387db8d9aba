import { envPrefix, ServiceEntry, SERVICES, ServiceName } from '@bazaar/contracts';

/** How a service's RPC travels: its Nest TCP port, or request/reply over RabbitMQ. */
export type RpcTransportKind = 'tcp' | 'rabbitmq';

/**
 * The one place where the RPC transport of a service is chosen, by its callers and by the service itself:
 * RabbitMQ when the production profile names a broker (`RABBITMQ_URL`) and the service's row in `SERVICES` says
 * `brokerRpc: true`; its TCP port otherwise (the embedded default).
 */
export function rpcTransportOf(service: ServiceName, env: NodeJS.ProcessEnv = process.env): RpcTransportKind {
  return rpcTransportOfEntry(SERVICES[service], env);
}

/** The same choice for one row of the services table. */
export function rpcTransportOfEntry(entry: ServiceEntry, env: NodeJS.ProcessEnv): RpcTransportKind {
  return env.RABBITMQ_URL && entry.brokerRpc ? 'rabbitmq' : 'tcp';
}

/**
 * The queue every instance of `service` consumes its RPC requests from (competing consumers), and its callers
 * publish to: `rpc.<service>`, or `<SERVICE>_RPC_QUEUE` (e.g. to keep two environments apart on one vhost).
 */
export function rpcQueueOf(service: ServiceName, env: NodeJS.ProcessEnv = process.env): string {
  return env[`${envPrefix(service)}_RPC_QUEUE`] || `rpc.${service}`;
}
