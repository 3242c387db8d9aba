import 'reflect-metadata';

const LIVE_KEYS = Symbol('bazaar:live-config-keys');

/**
 * Marks a config variable as applied while the service runs: a new value in Consul KV is written into the config
 * object and announced through `ConfigChanges`, without a restart. Unmarked variables are read once at start;
 * a change to one is logged as needing a restart.
 */
export const LiveReload = (): PropertyDecorator => (target, property) => {
  if (typeof property !== 'string') throw new Error('@LiveReload() marks a named config variable');
  const own: string[] = Reflect.hasOwnMetadata(LIVE_KEYS, target)
    ? (Reflect.getOwnMetadata(LIVE_KEYS, target) as string[])
    : [];
  Reflect.defineMetadata(LIVE_KEYS, [...own, property], target);
};

/** The live variables of a config class, its parent classes' included. */
export function liveKeysOf(configClass: abstract new () => object): ReadonlySet<string> {
  const keys = new Set<string>();
  let proto = configClass.prototype as object | null;
  for (; proto; proto = Object.getPrototypeOf(proto) as object | null) {
    const own = Reflect.getOwnMetadata(LIVE_KEYS, proto) as string[] | undefined;
    for (const key of own ?? []) keys.add(key);
  }
  return keys;
}
