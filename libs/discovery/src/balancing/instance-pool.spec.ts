import type { ServiceName } from '@bazaar/contracts';
import type { ServiceInstance } from '../service-instance';
import type { InstancesListener, ServiceRegistry } from '../service-registry';
import { InstancePool } from './instance-pool';

/** A registry whose instances the test sets: the pool follows whatever a real registry's watch would hand it. */
class SettableRegistry implements ServiceRegistry {
  private listener?: InstancesListener;
  watch(_service: ServiceName, listener: InstancesListener): () => void {
    this.listener = listener;
    return () => (this.listener = undefined);
  }
  set(...ports: number[]): void {
    this.listener?.(ports.map((port) => instance(port)));
  }
  register = () => Promise.resolve();
  deregister = () => Promise.resolve();
  close = () => Promise.resolve();
}

const instance = (port: number): ServiceInstance => ({ id: `i-${port}`, host: '127.0.0.1', port, meta: {} });

interface Client {
  port: number;
  closed: boolean;
}

describe('InstancePool', () => {
  let registry: SettableRegistry;
  let pool: InstancePool<Client>;
  const picks = (n: number) => Array.from({ length: n }, () => pool.pick()?.instance.port);

  afterEach(() => jest.restoreAllMocks());

  beforeEach(() => {
    registry = new SettableRegistry();
    pool = new InstancePool({
      service: 'catalog',
      registry,
      connect: ({ port }): Client => ({ port, closed: false }),
      disconnect: (client) => {
        client.closed = true;
      },
      ejectMs: 60_000,
      retireMs: 0,
    });
  });

  it('has nothing to pick until the registry answers, then picks round-robin', async () => {
    expect(pool.pick()).toBeUndefined();
    const known = pool.whenKnown(1_000);
    registry.set(1, 2, 3);
    await expect(known).resolves.toBe(true);
    expect(picks(6)).toEqual([1, 2, 3, 1, 2, 3]);
  });

  it('keeps the client of an instance still listed, and closes the client of one that left', async () => {
    registry.set(1, 2);
    const kept = pool.pick()!.client;
    const leaving = pool.pick()!.client;
    registry.set(1, 3);
    expect(kept.closed).toBe(false);
    // Still open for the calls it carries, then closed once their time bound has passed.
    expect(leaving.closed).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(leaving.closed).toBe(true);
    expect(pool.pick()!.client === kept || pool.pick()!.client === kept).toBe(true);
    expect(new Set(picks(4))).toEqual(new Set([1, 3]));
  });

  it('skips an ejected member, and picks another than the one excluded', () => {
    registry.set(1, 2, 3);
    const second = pool.pick(); // 1
    pool.eject(pool.pick()!, new Error('refused')); // 2
    expect(picks(4)).toEqual([3, 1, 3, 1]);
    expect(pool.pick(second)?.instance.port).toBe(3);
  });

  it('answers the member soonest back when every one is ejected, rather than none', () => {
    registry.set(1, 2);
    const first = pool.pick()!;
    const second = pool.pick()!;
    const now = jest.spyOn(Date, 'now').mockReturnValue(1_000);
    pool.eject(second, new Error('refused'));
    now.mockReturnValue(2_000);
    pool.eject(first, new Error('refused')); // ejected later: back later
    now.mockReturnValue(3_000);
    expect(pool.pick()?.instance.port).toBe(2);
    expect(pool.pick(second)?.instance.port).toBe(1);
  });

  it('has no other member to offer when the only one is excluded', () => {
    registry.set(1);
    const only = pool.pick()!;
    expect(pool.pick(only)).toBeUndefined();
  });

  it('closes every client and stops following on close', async () => {
    registry.set(1, 2);
    const clients = [pool.pick()!.client, pool.pick()!.client];
    await pool.close();
    expect(clients.every((client) => client.closed)).toBe(true);
    registry.set(3);
    expect(pool.size).toBe(0);
  });
});
