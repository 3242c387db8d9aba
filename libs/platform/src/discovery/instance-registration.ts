import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { envPrefix, ServiceName } from '@bazaar/contracts';
import type { InstanceRegistration } from '@bazaar/discovery';
import { PlatformConfig } from '../config/platform-config';

export interface BoundInstance {
  service: ServiceName;
  /** Business transport: `tcp`, `grpc`, `amqp` (RPC over the broker: no port of its own), or `http` (gateway). */
  transport: 'tcp' | 'grpc' | 'amqp' | 'http';
  rpcPort?: number;
  httpPort: number;
}

/**
 * What this instance announces: the address callers reach (CONSUL_ADVERTISE_HOST, else its bind address — a
 * wildcard bind is reached by the host name), its business port (the HTTP one when it has no other), its ops
 * port and version in meta, and an ID unique per instance.
 */
export function instanceRegistration(
  bound: BoundInstance,
  config: PlatformConfig,
  env: NodeJS.ProcessEnv = process.env,
): InstanceRegistration {
  const bindHost =
    bound.rpcPort === undefined
      ? config.HTTP_HOST
      : env[`${envPrefix(bound.service)}_RPC_HOST`] || '127.0.0.1';
  const host = config.CONSUL_ADVERTISE_HOST || (isWildcard(bindHost) ? os.hostname() : bindHost);
  const port = bound.rpcPort ?? bound.httpPort;
  return {
    service: bound.service,
    id: config.CONSUL_SERVICE_ID || `${bound.service}-${host}-${port}`,
    host,
    port,
    opsPort: bound.httpPort,
    version: serviceVersion(env),
    tags: ['bazaar', bound.transport],
  };
}

function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '';
}

/** `BAZAAR_VERSION` (the image's build), else the repository's package.json version. */
export function serviceVersion(env: NodeJS.ProcessEnv): string {
  if (env.BAZAAR_VERSION) return env.BAZAAR_VERSION;
  try {
    const file = path.join(env.BAZAAR_ROOT || process.cwd(), 'package.json');
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
