import type { ServiceName } from '@bazaar/contracts';
import { addressOf, ServiceInstance } from '../service-instance';
import type { ServiceRegistry } from '../service-registry';

/** One instance in a pool, with the client that talks to it. */
export interface PoolMember<TClient> {
  readonly instance: ServiceInstance;
  readonly client: TClient;
  /** Until this time (ms since the epoch) the member is skipped: it failed a call. 0 = in service. */
  ejectedUntil: number;
}

export interface InstancePoolOptions<TClient> {
  service: ServiceName;
  registry: ServiceRegistry;
  /** A client for a newly seen instance; it connects lazily, on its first call. */
  connect(instance: ServiceInstance): TClient;
  /** Releases the client of an instance that left (or of every instance on close). */
  disconnect(client: TClient): void | Promise<void>;
  /** How long a member that failed a call is skipped, unless it is the only choice left. */
  ejectMs: number;
  /**
   * How long the client of an instance that left stays open for the calls already sent to it (the callers' RPC
   * time bound): an instance stopping gracefully leaves the registry first and still answers what it took.
   */
  retireMs: number;
  observer?: PoolObserver;
}

/** What a pool reports: metrics and logs hang here. */
export interface PoolObserver {
  instancesChanged(service: ServiceName, addresses: string[]): void;
  ejected(service: ServiceName, address: string, error: unknown): void;
}

/**
 * The instances of one service a caller spreads its calls over, round-robin, following the registry's watch: a
 * client per instance, kept while the instance is listed and closed when it leaves. A member whose call failed in
 * transit is ejected for `ejectMs` — calls go around it before the registry has even noticed — but when every
 * member is ejected the pool still answers one (the soonest back) rather than none: a lone instance that
 * failed once must not turn into a cool-down of certain failures.
 */
export class InstancePool<TClient> {
  private members: Array<PoolMember<TClient>> = [];
  private next = 0;
  private ejections = 0;
  private known = false;
  private readonly waiting = new Set<() => void>();
  private readonly retiring = new Map<TClient, NodeJS.Timeout>();
  private readonly unwatch: () => void;

  constructor(private readonly options: InstancePoolOptions<TClient>) {
    this.unwatch = options.registry.watch(options.service, (instances) => this.follow(instances));
  }

  get service(): ServiceName {
    return this.options.service;
  }

  /** Every member, ejected ones included. */
  get size(): number {
    return this.members.length;
  }

  /** The next member in turn that is not ejected and not `excluded`; undefined when the pool has no other. */
  pick(excluded?: PoolMember<TClient>): PoolMember<TClient> | undefined {
    const members = this.members;
    const count = members.length;
    if (count === 0) return undefined;
    // The hot path: nothing ejected, nothing excluded.
    if (this.ejections === 0 && excluded === undefined) {
      const member = members[this.next % count];
      this.next = (this.next + 1) % count;
      return member;
    }
    const now = Date.now();
    let fallback: PoolMember<TClient> | undefined;
    for (let tried = 0; tried < count; tried++) {
      const member = members[this.next % count];
      this.next = (this.next + 1) % count;
      if (member === excluded) continue;
      if (member.ejectedUntil <= now) {
        if (member.ejectedUntil !== 0) this.readmit(member);
        return member;
      }
      if (!fallback || member.ejectedUntil < fallback.ejectedUntil) fallback = member;
    }
    return fallback;
  }

  /** Takes `member` out of rotation for the cool-down; its client stays, to be tried again afterwards. */
  eject(member: PoolMember<TClient>, error: unknown): void {
    if (!this.members.includes(member)) return;
    const now = Date.now();
    // Told once per ejection, not once per failed call: a lone instance that is down fails every call.
    const inService = member.ejectedUntil <= now;
    if (member.ejectedUntil === 0) this.ejections++;
    member.ejectedUntil = now + this.options.ejectMs;
    if (inService) this.options.observer?.ejected(this.service, addressOf(member.instance), error);
  }

  /** Resolves once the registry has answered at least once (true), or after `timeoutMs` (false). */
  whenKnown(timeoutMs: number): Promise<boolean> {
    if (this.known) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiting.delete(done);
        resolve(this.known);
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiting.add(done);
    });
  }

  async close(): Promise<void> {
    this.unwatch();
    const clients = [...this.members.map((member) => member.client), ...this.retiring.keys()];
    for (const timer of this.retiring.values()) clearTimeout(timer);
    this.retiring.clear();
    this.members = [];
    await Promise.all(clients.map(async (client) => this.options.disconnect(client)));
    for (const done of [...this.waiting]) done();
  }

  /** Keeps the members still listed (with their clients and ejections), adds new ones, closes the ones gone. */
  private follow(instances: ServiceInstance[]): void {
    const before = this.addresses().join(',');
    const byId = new Map(this.members.map((member) => [member.instance.id, member]));
    const next: Array<PoolMember<TClient>> = [];
    for (const instance of instances) {
      const current = byId.get(instance.id);
      if (current && addressOf(current.instance) === addressOf(instance)) {
        next.push(current);
        byId.delete(instance.id);
      } else {
        next.push({ instance, client: this.options.connect(instance), ejectedUntil: 0 });
      }
    }
    this.members = next;
    this.ejections = next.filter((member) => member.ejectedUntil !== 0).length;
    for (const gone of byId.values()) this.retire(gone.client);
    const after = this.addresses();
    if (!this.known || after.join(',') !== before)
      this.options.observer?.instancesChanged(this.service, after);
    this.known = true;
    for (const done of [...this.waiting]) done();
  }

  /** No new calls go to a client whose instance left; the ones it carries get their time bound to finish. */
  private retire(client: TClient): void {
    const timer = setTimeout(() => {
      this.retiring.delete(client);
      void this.options.disconnect(client);
    }, this.options.retireMs);
    timer.unref();
    this.retiring.set(client, timer);
  }

  private addresses(): string[] {
    return this.members.map((member) => addressOf(member.instance));
  }

  private readmit(member: PoolMember<TClient>): void {
    member.ejectedUntil = 0;
    this.ejections--;
  }
}
