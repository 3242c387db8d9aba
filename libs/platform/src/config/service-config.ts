import { Logger } from '@nestjs/common';
import {
  consulClient,
  ConsulUnreachableError,
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
  const consul = consulClient({ url: fromEnv.CONSUL_URL, token: fromEnv.CONSUL_TOKEN });
  let text: string | undefined;
  try {
    text = await readKvText(consul, kvConfigKey(service));
  } catch (error) {
    const unreachable = new ConsulUnreachableError(fromEnv.CONSUL_URL, error);
    if (!fromEnv.DISCOVERY_STATIC_FALLBACK) throw unreachable;
    new Logger('Config').warn({
      msg: `${source} unreachable at start: starting on the environment alone (DISCOVERY_STATIC_FALLBACK=true)`,
      err: unreachable.message,
    });
    return fromEnv;
  } finally {
    consul.destroy();
  }
  const document = parseKvDocument(text);
  if (!document.ok) throw new ConfigError([`${source}: ${document.problem}`]);
  return loadConfig(cls, env, { values: document.values, source });
}
