import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, ValidationError, validateSync } from 'class-validator';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type ConfigClass<T> = new () => T;

/**
 * Reads a config class from the environment: property names are the variable names, defaults are property
 * initializers, class-validator decorators are the rules. Every invalid variable is named in one error.
 */
export function loadConfig<T extends object>(cls: ConfigClass<T>, env: NodeJS.ProcessEnv = process.env): T {
  const defaults = new cls() as Record<string, unknown>;
  const raw: Record<string, unknown> = {};
  for (const key of declaredVariables(cls, defaults)) {
    const value = env[key];
    raw[key] = value === undefined || value === '' ? defaults[key] : value;
  }
  const config = plainToInstance(cls, raw, { enableImplicitConversion: true, exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: false, skipMissingProperties: false });
  if (errors.length > 0) throw new ConfigError(errors.map((e) => describe(e, env)));
  return config;
}

/** Every property with a default or a validation rule is a variable, so a required one cannot be forgotten. */
function declaredVariables(cls: ConfigClass<object>, defaults: Record<string, unknown>): Set<string> {
  const validated = getMetadataStorage()
    .getTargetValidationMetadatas(cls, '', true, false)
    .map((m) => m.propertyName);
  return new Set([...Object.keys(defaults), ...validated]);
}

function describe(error: ValidationError, env: NodeJS.ProcessEnv): string {
  const given = env[error.property];
  const shown =
    given === undefined ? 'not set' : `got "${given.length > 60 ? `${given.slice(0, 60)}...` : given}"`;
  const rules = Object.values(error.constraints ?? {}).join('; ');
  return `${error.property} (${shown}): ${rules}`;
}
