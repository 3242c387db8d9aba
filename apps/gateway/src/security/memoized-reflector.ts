import { Reflector } from '@nestjs/core';

type Target = Parameters<Reflector['getAllAndOverride']>[1][number];

/**
 * A Reflector whose `getAllAndOverride` answers from memory after the first lookup for a handler and class.
 * Route metadata is fixed once the app has started, and the rate-limit guard asks for nine keys per request;
 * reading them through reflect-metadata each time was a few percent of the gateway's time per request.
 */
export function memoizedReflector(reflector: Reflector): Reflector {
  const byTargets = new WeakMap<Target, WeakMap<Target, Map<unknown, unknown>>>();
  const memo = Object.create(reflector) as Reflector;
  const lookUp = (key: unknown, targets: Target[]): unknown => {
    const [handler, classRef] = targets;
    if (targets.length !== 2 || !handler || !classRef)
      return reflector.getAllAndOverride(key as string, targets);
    let byClass = byTargets.get(handler);
    if (!byClass) byTargets.set(handler, (byClass = new WeakMap()));
    let values = byClass.get(classRef);
    if (!values) byClass.set(classRef, (values = new Map()));
    if (!values.has(key)) values.set(key, reflector.getAllAndOverride(key as string, targets));
    return values.get(key);
  };
  memo.getAllAndOverride = lookUp as Reflector['getAllAndOverride'];
  return memo;
}
