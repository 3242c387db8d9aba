import { Logger } from '@nestjs/common';
import {
  consulClientFor,
  KvUnreachableError,
  kvConfigKey,
  parseKvDocument,
  readKvText,
} from '@bazaar/discovery';
import { ConfigError, loadConfig } from './load-config';
import { PlatformConfig } from './platform-config';

type ConfigClass<T> = new () => T;

/** How log lines and problems name the KV document of a service. */
export const kvConfigSource = (service: string): string => `Consul KV ${kvConfigKey(service)}`;

/**
 * A service's config at start: the environment, and with `CONSUL_URL` set the service's KV document merged over
 * it, validated as one (each bad variable named once, those from KV said to be). Consul unreachable: refused,
 * naming CONSUL_URL, unless DISCOVERY_STATIC_FALLBACK lets the service start on the environment alone.
 */
export async function loadServiceConfig<T extends PlatformConfig>(
  cls: ConfigClass<T>,
  service: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<T> {
  const fromEnv = loadConfig(cls, env);
  if (!fromEnv.CONSUL_URL) return fromEnv;
  const source = kvConfigSource(service);
  const consul = consulClientFor({ url: fromEnv.CONSUL_URL, token: fromEnv.CONSUL_TOKEN });
  let text: string | undefined;
  try {
    text = await readKvText(consul, kvConfigKey(service));
  } catch (error) {
    if (!(error instanceof KvUnreachableError)) throw error;
    const reason = (error.cause as Error)?.message ?? String(error.cause);
    if (fromEnv.DISCOVERY_STATIC_FALLBACK) {
      new Logger('Config').warn({
        msg: 'Consul KV unreachable at start: starting on the environment alone (DISCOVERY_STATIC_FALLBACK)',
        consulUrl: fromEnv.CONSUL_URL,
        err: reason,
      });
      return fromEnv;
    }
    throw new ConfigError([
      `CONSUL_URL (got "${fromEnv.CONSUL_URL}"): ${source} could not be read (${reason}); ` +
        'start Consul, or set DISCOVERY_STATIC_FALLBACK=true to start on the environment alone',
    ]);
  } finally {
    consul.destroy();
  }
  const document = parseKvDocument(text);
  if (!document.ok) throw new ConfigError([`${source}: ${document.problem}`]);
  return loadConfig(cls, env, { values: document.values, source });
}
