import { Logger } from '@nestjs/common';
import type Consul from 'consul';
import { answerOf } from '../consul/consul-answer';

export interface KvWatchHandlers {
  /** The key's text after each change (undefined once it is deleted), the current one first. */
  value(text: string | undefined): void;
}

/** The longest a blocking query waits at Consul for a change before it asks again. */
const BLOCKING_WAIT = '30s';
/** The back-off between failed queries, doubled from the factor up to the maximum (the consul client's own). */
const BACKOFF_FACTOR_MS = 100;
const BACKOFF_MAX_MS = 30_000;

/**
 * Follows one KV key with blocking queries (`index` + `wait`, through the consul client's watch). When Consul is
 * lost the client retries with exponential back-off; this logs a warning once per outage and once on recovery,
 * and the service keeps the config it has meanwhile.
 */
export class KvConfigWatch {
  private readonly log = new Logger('ConfigWatch');
  private readonly watch: ReturnType<Consul['watch']>;
  private lost = false;

  constructor(consul: Consul, key: string, handlers: KvWatchHandlers) {
    const reached = () => {
      if (!this.lost) return;
      this.lost = false;
      this.log.log({ msg: 'Consul KV reachable again, following the config', key });
    };
    const kv = consul.kv;
    this.watch = consul.watch({
      // Called by the watch with its own context (to cancel the query when it ends): pass it through.
      method: function (this: unknown, options: unknown) {
        return answerOf(
          (kv.get as (this: unknown, options: unknown) => Promise<unknown>).call(this, options),
        ).then((result) => {
          reached();
          return result;
        });
      },
      options: { key, wait: BLOCKING_WAIT },
      backoffFactor: BACKOFF_FACTOR_MS,
      backoffMax: BACKOFF_MAX_MS,
    });
    this.watch.on('change', (entry: { Value?: string | null } | undefined) => {
      handlers.value(entry?.Value ?? undefined);
    });
    this.watch.on('error', (error: Error) => {
      if (this.lost) return;
      this.lost = true;
      this.log.warn({
        msg: 'Consul KV unreachable: keeping the running config, retrying with back-off',
        key,
        err: error.message,
      });
    });
  }

  close(): void {
    this.watch.end();
  }
}
