import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import { Requirement, serverNamedBy } from './skip';

/**
 * The machine's servers the production profile runs on in a test: PostgreSQL (`TEST_DATABASE_URL`), RabbitMQ
 * (`TEST_RABBITMQ_URL`) and Redis (`REDIS_URL`), each answering; and `rabbitmqctl`, which gives each platform a
 * vhost of its own (the platform's exchange and queue names are fixed, so two platforms on one vhost would
 * consume each other's events).
 */
export function productionRequirements(): Requirement {
  const missing = [
    serverNamedBy('TEST_DATABASE_URL', 5432),
    serverNamedBy('TEST_RABBITMQ_URL', 5672),
    serverNamedBy('REDIS_URL', 6379),
    rabbitmqctl()
      ? { ok: true, missing: '' }
      : { ok: false, missing: 'rabbitmqctl is not on PATH (a vhost per platform)' },
  ].filter((requirement) => !requirement.ok);
  return missing.length === 0
    ? { ok: true, missing: '' }
    : { ok: false, missing: `the production profile: ${missing.map((m) => m.missing).join('; ')}` };
}

/** One platform's share of the servers: the variables that point it there, and how to give them back. */
export interface ProductionServers {
  /** `BAZAAR_POSTGRES_URL` and its database prefix, `RABBITMQ_URL` on a fresh vhost, `REDIS_URL` and key prefixes. */
  env: Record<string, string>;
  /** Drops the platform's databases and its vhost, and deletes its Redis keys. */
  release(): Promise<void>;
}

/**
 * Names of this platform's own on every server: databases `e2e_<id>_<service>` (created by the launcher),
 * the vhost `bazaar-e2e-<id>` (created here), Redis keys under `bazaar:e2e-<id>`.
 */
export async function provisionProductionServers(): Promise<ProductionServers> {
  const id = randomBytes(4).toString('hex');
  const prefix = `e2e_${id}_`;
  const postgres = process.env.TEST_DATABASE_URL as string;
  const rabbit = new URL(process.env.TEST_RABBITMQ_URL as string);
  const vhost = `bazaar-e2e-${id}`;
  await createVhost(vhost, decodeURIComponent(rabbit.username) || 'guest');
  rabbit.pathname = `/${encodeURIComponent(vhost)}`;
  const keyPrefix = `bazaar:e2e-${id}`;
  return {
    env: {
      BAZAAR_POSTGRES_URL: postgres,
      BAZAAR_DATABASE_PREFIX: prefix,
      RABBITMQ_URL: rabbit.toString(),
      REDIS_URL: process.env.REDIS_URL as string,
      RATE_LIMIT_KEY_PREFIX: keyPrefix,
      IDEMPOTENCY_KEY_PREFIX: `${keyPrefix}:idempotency`,
    },
    release: async () => {
      await Promise.all([
        dropDatabases(postgres, prefix),
        rabbitmqctlRun(['delete_vhost', vhost]),
        // Rate-limit keys are wrapped in a hash tag: `{bazaar:e2e-<id>:...}:hits`.
        deleteRedisKeys(process.env.REDIS_URL as string, `*${keyPrefix}:*`),
      ]);
    },
  };
}

async function createVhost(vhost: string, user: string): Promise<void> {
  const definitions = {
    vhosts: [{ name: vhost }],
    permissions: [{ user, vhost, configure: '.*', write: '.*', read: '.*' }],
  };
  // One rabbitmqctl start (a second or more each) for the vhost and its permission together.
  await rabbitmqctlRun(['import_definitions', '--format', 'json'], JSON.stringify(definitions));
}

/** Every database of this platform (`<prefix>...`), connections and all. */
async function dropDatabases(serverUrl: string, prefix: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE starts_with(datname, $1)`,
      [prefix],
    );
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

async function deleteRedisKeys(url: string, pattern: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
}

function rabbitmqctl(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/usr/local/sbin'];
  return dirs.map((dir) => path.join(dir, 'rabbitmqctl')).find((file) => fs.existsSync(file));
}

function rabbitmqctlRun(args: string[], input?: string): Promise<void> {
  const command = rabbitmqctl();
  if (!command) return Promise.reject(new Error('rabbitmqctl is not on PATH'));
  return new Promise((resolve, reject) => {
    const child = execFile(command, ['-q', ...args], { timeout: 60_000 }, (error, _stdout, stderr) =>
      error ? reject(new Error(`rabbitmqctl ${args[0]} failed: ${stderr || error.message}`)) : resolve(),
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}
