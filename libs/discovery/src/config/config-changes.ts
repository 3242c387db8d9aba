import { Injectable } from '@nestjs/common';
import type { ConfigChange } from './config-diff';

export type ConfigListener = (newValue: unknown, change: ConfigChange) => void;

/**
 * Announces live config changes once they are written into the config object. Code that reads `config.X` on each
 * use needs nothing; code that captured a value at start (a logger's level, a client's option) subscribes here.
 */
@Injectable()
export class ConfigChanges {
  private readonly listeners = new Map<string, Set<ConfigListener>>();

  /** Calls `listener` after each applied change of `key`; returns the function that unsubscribes it. */
  on(key: string, listener: ConfigListener): () => void {
    let forKey = this.listeners.get(key);
    if (!forKey) {
      forKey = new Set();
      this.listeners.set(key, forKey);
    }
    forKey.add(listener);
    return () => forKey.delete(listener);
  }

  /** Tells the subscribers of `change.key`; one that throws does not keep the others from hearing it. */
  emit(change: ConfigChange): Error[] {
    const failures: Error[] = [];
    for (const listener of this.listeners.get(change.key) ?? []) {
      try {
        listener(change.newValue, change);
      } catch (error) {
        failures.push(error instanceof Error ? error : new Error(String(error)));
      }
    }
    return failures;
  }
}
