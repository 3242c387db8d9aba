import { createHash, randomBytes } from 'node:crypto';
import { Client } from 'pg';
// Deep import on purpose: the package index loads Nest (see ../databases.ts).
import {
  DATABASE_SERVICES,
  envPrefix,
  LAUNCH_ORDER,
  SERVICES,
  ServiceName,
} from '../../../libs/contracts/src/services';

/** The names of the databases `BAZAAR_POSTGRES_URL` gets: `<prefix><service>`. */
export const DEFAULT_DATABASE_PREFIX = 'bazaar_';
/** A PostgreSQL identifier we never need to quote-escape, and short enough for the longest service name. */
const DATABASE_PREFIX = /^[a-z_][a-z0-9_]{0,39}$/;
const SECRET_LENGTH = { min: 24, max: 256 };
const UNDEFINED_DATABASE = '3D000';
const DUPLICATE_DATABASE = '42P04';

/** Why the production profile cannot start: one line per problem, printed as they are. */
export class ProfileError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}

/** What `--profile production` adds to the environment the launcher gives its services. */
export interface ProductionSettings {
  /** For every process: each `<SERVICE>_DATABASE_URL`, `SERVICE_AUTH=required` and identity's `SERVICE_CLIENTS`. */
  shared: Record<string, string>;
  /** For one service's processes only: its own `SERVICE_CLIENT_SECRET`. */
  perService: Partial<Record<ServiceName, Record<string, string>>>;
  /** The services whose secret was generated at this start (the others came from `<SERVICE>_CLIENT_SECRET`). */
  generated: ServiceName[];
  /** The databases named from `BAZAAR_POSTGRES_URL` (the others came from `<SERVICE>_DATABASE_URL`). */
  derived: string[];
}

/**
 * The services that call others over the platform's RPC and so hold a client secret: the gateway, and every
 * service with an RPC side. psp-sandbox stands in for another company, which is nobody's client here.
 */
export const RPC_CLIENTS: ServiceName[] = LAUNCH_ORDER.filter(
  (service) => service === 'gateway' || 'rpcPort' in SERVICES[service],
);

/** A client secret as an operator would make one: 32 random bytes, base64url (43 characters). */
export function newClientSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The production profile's settings from `env`, or a ProfileError naming everything missing. Databases: each
 * `<SERVICE>_DATABASE_URL` that is set, the others `<BAZAAR_DATABASE_PREFIX><service>` on the server
 * `BAZAAR_POSTGRES_URL` names. The bus and payments' RPC on `RABBITMQ_URL`, rate limits and Idempotency-Keys in
 * `REDIS_URL`, and `SERVICE_AUTH=required`: each RPC client gets its own secret (`<SERVICE>_CLIENT_SECRET`, or
 * one generated now), and identity the SHA-256 of each in `SERVICE_CLIENTS`, added to any it was given.
 */
export function productionSettings(
  env: NodeJS.ProcessEnv,
  generateSecret: () => string = newClientSecret,
): ProductionSettings {
  const problems: string[] = [];
  if (!env.RABBITMQ_URL) {
    problems.push(
      'RABBITMQ_URL is not set: the production profile runs the event bus and payments RPC on RabbitMQ (amqp://user:pass@host:5672/vhost)',
    );
  }
  if (env.EVENT_BUS && env.EVENT_BUS !== 'rabbitmq') {
    problems.push(`EVENT_BUS=${env.EVENT_BUS}: the production profile's bus is RabbitMQ (unset EVENT_BUS)`);
  }
  if (!env.REDIS_URL) {
    problems.push(
      'REDIS_URL is not set: the production profile keeps rate limits and Idempotency-Keys in Redis (redis://host:6379)',
    );
  }
  if (env.SERVICE_AUTH && env.SERVICE_AUTH !== 'required') {
    problems.push(
      `SERVICE_AUTH=${env.SERVICE_AUTH}: the production profile requires service tokens (unset it)`,
    );
  }
  if (env.SERVICE_CLIENT_SECRET) {
    problems.push(
      'SERVICE_CLIENT_SECRET is set: the production profile gives each service its own secret; set <SERVICE>_CLIENT_SECRET (e.g. GATEWAY_CLIENT_SECRET) instead, or nothing to have them generated',
    );
  }

  const { urls, derived } = databaseUrls(env, problems);
  const perService: ProductionSettings['perService'] = {};
  const generated: ServiceName[] = [];
  const clients: string[] = [];
  for (const service of RPC_CLIENTS) {
    const variable = `${envPrefix(service)}_CLIENT_SECRET`;
    let secret = env[variable];
    if (secret === undefined || secret === '') {
      secret = generateSecret();
      generated.push(service);
    } else if (secret.length < SECRET_LENGTH.min || secret.length > SECRET_LENGTH.max) {
      problems.push(`${variable} must be ${SECRET_LENGTH.min} to ${SECRET_LENGTH.max} characters`);
    }
    perService[service] = { SERVICE_CLIENT_ID: service, SERVICE_CLIENT_SECRET: secret };
    clients.push(`${service}:${createHash('sha256').update(secret).digest('hex')}`);
  }
  if (problems.length > 0) throw new ProfileError(problems);

  const shared: Record<string, string> = {
    ...urls,
    SERVICE_AUTH: 'required',
    SERVICE_CLIENTS: [env.SERVICE_CLIENTS, ...clients].filter(Boolean).join(','),
  };
  return { shared, perService, generated, derived };
}

function databaseUrls(
  env: NodeJS.ProcessEnv,
  problems: string[],
): { urls: Record<string, string>; derived: string[] } {
  const urls: Record<string, string> = {};
  const derived: string[] = [];
  const prefix = env.BAZAAR_DATABASE_PREFIX ?? DEFAULT_DATABASE_PREFIX;
  let server: URL | undefined;
  if (env.BAZAAR_POSTGRES_URL) {
    try {
      server = new URL(env.BAZAAR_POSTGRES_URL);
    } catch {
      problems.push('BAZAAR_POSTGRES_URL is not a URL (postgresql://user:pass@host:5432/postgres)');
    }
  }
  if (!DATABASE_PREFIX.test(prefix)) {
    problems.push(
      `BAZAAR_DATABASE_PREFIX=${prefix}: lower-case letters, digits and underscores, not starting with a digit, at most 40`,
    );
  }
  const missing: string[] = [];
  for (const service of DATABASE_SERVICES) {
    const variable = `${envPrefix(service)}_DATABASE_URL`;
    const given = env[variable];
    if (given) {
      urls[variable] = given;
    } else if (server) {
      const url = new URL(server);
      url.pathname = `/${prefix}${service}`;
      urls[variable] = url.toString();
      derived.push(`${prefix}${service}`);
    } else {
      missing.push(variable);
    }
  }
  if (missing.length > 0) {
    problems.push(
      `PostgreSQL: set BAZAAR_POSTGRES_URL (a server; a database per service is created on it) or ${missing.join(', ')}`,
    );
  }
  return { urls, derived };
}

/**
 * Creates each database a URL names when it does not exist yet, one at a time (CREATE DATABASE copies template1,
 * which refuses concurrent copies). It connects for that to `maintenanceUrl` (`BAZAAR_POSTGRES_URL`) when that
 * names the same server, else to the server's `postgres` database. Answers the names it created.
 */
export async function ensureDatabases(urls: string[], maintenanceUrl?: string): Promise<string[]> {
  const created: string[] = [];
  for (const url of urls) {
    if (await databaseExists(url)) continue;
    const target = new URL(url);
    const name = decodeURIComponent(target.pathname.slice(1));
    let admin = new URL(url);
    admin.pathname = '/postgres';
    if (maintenanceUrl && new URL(maintenanceUrl).host === target.host) admin = new URL(maintenanceUrl);
    const client = new Client({ connectionString: admin.toString() });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      created.push(name);
    } catch (error) {
      // Another launcher may have created it between the check and the create.
      if ((error as { code?: string }).code !== DUPLICATE_DATABASE) throw error;
    } finally {
      await client.end();
    }
  }
  return created;
}

async function databaseExists(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === UNDEFINED_DATABASE) return false;
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** `host:port` of a URL, for a log line that must never show its credentials. */
export function endpointOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}${parsed.port ? `:${parsed.port}` : ''}${parsed.pathname.length > 1 ? parsed.pathname : ''}`;
  } catch {
    return '(not a URL)';
  }
}
