import { ConfigError } from '../config/load-config';

/** A port from `variable`, or `fallback` when unset; a bad value is a configuration error naming the variable. */
export function portFromEnv(env: NodeJS.ProcessEnv, variable: string, fallback: number): number {
  const raw = env[variable];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError([`${variable} (got "${raw}"): must be a port number between 0 and 65535`]);
  }
  return port;
}
