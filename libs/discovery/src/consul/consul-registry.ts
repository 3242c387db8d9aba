import { Logger } from '@nestjs/common';
import type Consul from 'consul';
import type { ServiceName } from '@bazaar/contracts';
import { addressOf } from '../service-instance';
import type { InstanceRegistration, InstancesListener, ServiceRegistry } from '../service-registry';
import { answerOf } from './consul-answer';
import { ConsulConnection, consulClient } from './consul-client';
import { HealthEntry, instanceOf, isPassing } from './health-entry';

export interface ConsulRegistryOptions extends ConsulConnection {
  /** The readiness check's interval, timeout and how long it may stay critical before Consul drops the instance. */
  checkInterval: string;
  checkTimeout: string;
  deregisterAfter: string;
  /** Bound on each plain request (register, deregister, the start-up probe), in ms. */
  requestTimeoutMs: number;
  /** How long one blocking query may wait for a change (Consul's `wait`). */
  watchWait?: string;
  /** Longest pause between two attempts while Consul does not answer, in ms. */
  watchBackoffMaxMs?: number;
  observer?: RegistryObserver;
}

/** How often a missed Consul is asked whether it is back. */
const PROBE_INTERVAL_MS = 1_000;

/** Told when Consul stops or starts answering: metrics and logs hang here. */
export interface RegistryObserver {
  registryReachable(reachable: boolean, error?: unknown): void;
}

/** Consul did not answer at start; the message names the variable to look at. */
export class ConsulUnreachableError extends Error {
  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    super(
      `Consul at CONSUL_URL=${url} did not answer (${describe(cause)}); start it, fix CONSUL_URL, or set ` +
        'DISCOVERY_STATIC_FALLBACK=true to start on static addresses',
    );
    this.name = 'ConsulUnreachableError';
  }
}

/** Another live instance already holds the ID this one would register under. */
export class DuplicateInstanceIdError extends Error {
  constructor(id: string, holder: string, self: string) {
    super(
      `another instance, at ${holder}, is registered in Consul as "${id}" and passes its checks; this one ` +
        `(${self}) would replace it: give each instance its own CONSUL_SERVICE_ID`,
    );
    this.name = 'DuplicateInstanceIdError';
  }
}

/**
 * The production profile's registry. Lookups are blocking queries on `/v1/health/service/:name?passing` (the
 * client's `watch`): one long-poll per service a caller uses, answered when the instances or their checks change —
 * never a lookup per call. While Consul does not answer, the watch retries with back-off and callers keep the last
 * instances they were given. Registration announces this instance with an HTTP check on its `/health/ready`.
 */
export class ConsulRegistry implements ServiceRegistry {
  private readonly logger = new Logger('Discovery');
  private readonly watches = new Set<() => void>();
  private readonly watchedServices = new Set<string>();
  private registered?: string;
  private reachable = true;
  private closed = false;
  private probe?: NodeJS.Timeout;

  private constructor(
    private readonly consul: Consul,
    private readonly options: ConsulRegistryOptions,
  ) {}

  /** A registry on a Consul that answered; rejects with ConsulUnreachableError otherwise. */
  static async connect(options: ConsulRegistryOptions): Promise<ConsulRegistry> {
    const consul = consulClient(options);
    try {
      await answerOf(consul.status.leader({ timeout: options.requestTimeoutMs } as object));
    } catch (error) {
      consul.destroy();
      throw new ConsulUnreachableError(withoutCredentials(options.url), error);
    }
    return new ConsulRegistry(consul, options);
  }

  watch(service: ServiceName, listener: InstancesListener): () => void {
    this.watchedServices.add(service);
    const health = this.consul.health;
    const onAnswer = () => this.markReachable(true);
    // Wraps the client's method to learn of every answer (the watch only emits when the index moves). The watch
    // calls it with its own context (`{ consul }`), which the client's method reads.
    const method = function (this: unknown, options: object): Promise<unknown> {
      return answerOf(
        (health.service as (this: unknown, options: object) => Promise<unknown>).call(this, options),
      ).then((answer) => {
        onAnswer();
        return answer;
      });
    };
    const watch = this.consul.watch({
      method,
      options: { service, passing: true, wait: this.options.watchWait ?? '30s' } as unknown as Record<
        string,
        string
      >,
      backoffFactor: 100,
      backoffMax: this.options.watchBackoffMaxMs ?? 5_000,
    });
    watch.on('change', (entries: HealthEntry[]) => {
      // `?passing` already filters; checking again keeps a stale or partial answer from listing a failing one.
      listener(entries.filter(isPassing).map(instanceOf));
    });
    watch.on('error', (error: unknown) => this.markReachable(false, error));
    const stop = () => {
      watch.end();
      this.watches.delete(stop);
    };
    this.watches.add(stop);
    return stop;
  }

  async register(registration: InstanceRegistration): Promise<void> {
    await this.refuseDuplicate(registration);
    const { service, id, host, port, opsPort, version, tags } = registration;
    await answerOf<unknown>(
      this.consul.agent.service.register({
        name: service,
        id,
        address: host,
        port,
        tags,
        meta: { ops_port: String(opsPort), version },
        check: {
          name: `${service} ready`,
          http: `http://${host}:${opsPort}/health/ready`,
          interval: this.options.checkInterval,
          timeout: this.options.checkTimeout,
          deregistercriticalserviceafter: this.options.deregisterAfter,
        },
        ...({ timeout: this.options.requestTimeoutMs } as object),
      }),
    );
    this.registered = id;
    this.logger.log({ msg: 'registered in Consul', id, address: `${host}:${port}`, opsPort });
  }

  async deregister(timeoutMs = this.options.requestTimeoutMs): Promise<void> {
    const id = this.registered;
    if (!id) return;
    this.registered = undefined;
    try {
      await answerOf<unknown>(
        this.consul.agent.service.deregister({ id, timeout: Math.max(1, Math.round(timeoutMs)) } as {
          id: string;
        }),
      );
      this.logger.log({ msg: 'deregistered from Consul', id });
    } catch (error) {
      // The check turns critical as the instance stops, and Consul drops it after CONSUL_DEREGISTER_AFTER.
      this.logger.warn({
        msg: 'could not deregister from Consul; its check will fail instead',
        id,
        err: error,
      });
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.probe);
    for (const stop of [...this.watches]) stop();
    this.consul.destroy();
    return Promise.resolve();
  }

  private async refuseDuplicate(registration: InstanceRegistration): Promise<void> {
    // Service IDs are unique per agent across every name: another service's ID is never ours to take.
    const local = (await answerOf<unknown>(
      this.consul.agent.service.list({ timeout: this.options.requestTimeoutMs } as object),
    )) as Record<string, { Service?: string; Address?: string; Port?: number }> | undefined;
    const other = local?.[registration.id];
    if (other?.Service !== undefined && other.Service !== registration.service) {
      throw new DuplicateInstanceIdError(
        registration.id,
        `${other.Service} ${other.Address ?? ''}:${other.Port ?? ''}`,
        addressOf(registration),
      );
    }
    const entries = (await answerOf<unknown>(
      this.consul.health.service({
        service: registration.service,
        ...({ timeout: this.options.requestTimeoutMs } as object),
      }),
    )) as HealthEntry[];
    const self = addressOf(registration);
    const holder = entries.find(
      (entry) =>
        entry.Service.ID === registration.id && isPassing(entry) && addressOf(instanceOf(entry)) !== self,
    );
    if (holder) throw new DuplicateInstanceIdError(registration.id, addressOf(instanceOf(holder)), self);
  }

  private markReachable(reachable: boolean, error?: unknown): void {
    if (reachable === this.reachable) return;
    this.reachable = reachable;
    this.options.observer?.registryReachable(reachable, error);
    if (!reachable) this.probeUntilBack();
  }

  /**
   * While Consul is missed, asks it something cheap every second: the watches' first answer after it is back can
   * be a blocking query held for its whole `wait`, far too late to say it is reachable again.
   */
  private probeUntilBack(): void {
    if (this.probe) return;
    const probe = () => {
      this.probe = undefined;
      if (this.reachable || this.closed) return;
      // What the watches ask, without blocking: a leader that answers /status/leader may still fail these.
      const service = this.watchedServices.values().next().value ?? 'consul';
      answerOf(
        this.consul.health.service({ service, passing: true, timeout: PROBE_INTERVAL_MS } as {
          service: string;
        }),
      ).then(
        () => this.markReachable(true),
        () => undefined,
      );
      this.probe = setTimeout(probe, PROBE_INTERVAL_MS);
      this.probe.unref();
    };
    this.probe = setTimeout(probe, PROBE_INTERVAL_MS);
    this.probe.unref();
  }
}

/** The URL as logs may show it: any `user:password@` left out. */
function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/+$/, '')}`;
  } catch {
    return '[unparseable URL]';
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
