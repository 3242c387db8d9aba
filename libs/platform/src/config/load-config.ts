import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { isSecretVariable } from '@bazaar/discovery';
import { getMetadataStorage, ValidationError, validateSync } from 'class-validator';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type ConfigClass<T> = new () => T;

/** Values that take precedence over the environment (Consul KV's document), and where they come from. */
export interface ConfigOverrides {
  values: Record<string, string | number | boolean>;
  /** Named in each problem with one of these values, e.g. `Consul KV bazaar/gateway/config`. */
  source: string;
}

/**
 * Reads a config class from the environment: property names are the variable names, defaults are property
 * initializers, class-validator decorators are the rules. Every invalid variable is named in one error.
 * `overrides` are merged over the environment; one that names no variable of the class is refused too.
 */
export function loadConfig<T extends object>(
  cls: ConfigClass<T>,
  env: NodeJS.ProcessEnv = process.env,
  overrides?: ConfigOverrides,
): T {
  const defaults = new cls() as Record<string, unknown>;
  const variables = declaredVariables(cls, defaults);
  const overridden = overrides?.values ?? {};
  const raw: Record<string, unknown> = {};
  for (const key of variables) {
    const value = Object.hasOwn(overridden, key) ? overridden[key] : env[key];
    raw[key] = value === undefined || value === '' ? defaults[key] : value;
  }
  const unknown = Object.keys(overridden)
    .filter((key) => !variables.has(key))
    .map((key) => `${key} (from ${overrides!.source}): not a configuration variable of this service`);
  const config = plainToInstance(cls, raw, { enableImplicitConversion: true, exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: false, skipMissingProperties: false });
  if (errors.length > 0 || unknown.length > 0) {
    throw new ConfigError([...errors.map((e) => describe(e, env, overrides)), ...unknown]);
  }
  return config;
}

/** Every property with a default or a validation rule is a variable, so a required one cannot be forgotten. */
function declaredVariables(cls: ConfigClass<object>, defaults: Record<string, unknown>): Set<string> {
  const validated = getMetadataStorage()
    .getTargetValidationMetadatas(cls, '', true, false)
    .map((m) => m.propertyName);
  return new Set([...Object.keys(defaults), ...validated]);
}

function describe(error: ValidationError, env: NodeJS.ProcessEnv, overrides?: ConfigOverrides): string {
  const overridden = overrides && Object.hasOwn(overrides.values, error.property);
  const given = overridden ? String(overrides.values[error.property]) : env[error.property];
  const shown =
    given === undefined
      ? 'not set'
      : isSecretVariable(error.property)
        ? 'got [redacted]'
        : `got "${given.length > 60 ? `${given.slice(0, 60)}...` : given}"`;
  const rules = Object.values(error.constraints ?? {}).join('; ');
  return `${error.property} (${shown}${overridden ? ` from ${overrides.source}` : ''}): ${rules}`;
}
