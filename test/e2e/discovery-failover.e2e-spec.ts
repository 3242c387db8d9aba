import { CATALOG_PATTERNS, ProductPage } from '@bazaar/contracts';
import { eventually } from '../support/eventually';
import { environOf, ListedInstance, scaledInstances } from '../support/instances';
import { LoadLoop } from '../support/load';
import { rpcCallsServed } from '../support/metrics';
import { RunningPlatform, startPlatform, startWatchedApp, waitFor, WatchedApp } from '../support/platform';

/** The catalog reads the gateway makes for the load below, as catalog's own RPC handler metric counts them. */
const READ_PATTERNS = [CATALOG_PATTERNS.listProducts, CATALOG_PATTERNS.getProduct];
/** Enough calls per survivor after the kill that an even split is not luck. */
const CALLS_TO_COMPARE = 300;

/** How many catalog reads an instance has served, from its own `/metrics`. */
const readsServedBy = (instance: Pick<ListedInstance, 'http'>) =>
  rpcCallsServed(`http://127.0.0.1:${instance.http}`, READ_PATTERNS);

/**
 * Three catalog instances behind the gateway (the launcher's `--scale catalog=3`; callers get
 * `CATALOG_RPC_ADDRESSES`) under steady reads through the gateway: one instance is SIGKILLed and not one read
 * fails; the calls spread evenly over the two survivors; restarted on its ports, the instance gets calls again.
 */
describe('catalog failover behind the gateway (e2e)', () => {
  let platform: RunningPlatform;
  let instances: ListedInstance[];
  let restarted: WatchedApp | undefined;

  beforeAll(async () => {
    platform = await startPlatform({}, { args: ['--scale', 'catalog=3'] });
    instances = scaledInstances(platform.output, 'catalog').instances;
  }, 150_000);

  afterAll(async () => {
    await restarted?.stop();
    if (platform) await expect(platform.stop()).resolves.toBe(0);
  }, 60_000);

  it('loses no request when an instance is killed, spreads calls over the survivors, and takes the instance back', async () => {
    expect(instances.map((i) => i.label)).toEqual(['catalog', 'catalog#2', 'catalog#3']);
    const api = `${platform.gatewayUrl}/api/v1`;
    const page = (await (await fetch(`${api}/products?limit=5`)).json()) as ProductPage;
    const urls = [
      `${api}/products?limit=5`,
      ...page.items.map((product) => `${api}/products/${product.id}`),
      `${api}/products?limit=20&category=books`,
    ];
    const load = new LoadLoop(urls, 6);
    try {
      // Every instance takes its share before anything breaks.
      await waitFor('each of the three instances to serve reads', async () =>
        (await Promise.all(instances.map(readsServedBy))).every((count) => count > 20),
      );

      const [first, second, victim] = instances;
      const victimPid = platform.pids[victim.label];
      const victimEnv = environOf(victimPid);
      process.kill(victimPid, 'SIGKILL');
      await waitFor('the launcher to see the instance die', () =>
        Promise.resolve(platform.output.some((line) => line.includes(`${victim.label} exited (SIGKILL)`))),
      );

      // The split is measured once the callers have routed around the dead instance.
      const survivors = [first, second];
      const settled = await Promise.all(survivors.map(readsServedBy));
      const served = await eventually(
        async () =>
          (await Promise.all(survivors.map(readsServedBy))).map((count, index) => count - settled[index]),
        (counts) => counts[0] + counts[1] >= 2 * CALLS_TO_COMPARE,
        90_000,
        `${2 * CALLS_TO_COMPARE} more reads on the survivors`,
      );
      // Round-robin over two: each gets half, give or take the calls in flight when the counts were read.
      const evenly = served.every((count) => count / (served[0] + served[1]) > 0.4);
      expect({ served, evenly }).toEqual({ served, evenly: true });

      // Back on its own ports (the launcher does not restart it: this test does, as an orchestrator would).
      const env: NodeJS.ProcessEnv = { ...victimEnv };
      delete env.BAZAAR_LAUNCHED;
      restarted = startWatchedApp('catalog', env);
      await waitFor(
        'the restarted instance to be ready',
        async () => {
          const response = await fetch(`http://127.0.0.1:${victim.http}/health/ready`);
          return response.status === 200;
        },
        30_000,
      );
      await waitFor(
        'the restarted instance to serve reads again',
        async () => (await readsServedBy(victim)) > 20,
        60_000,
      );
    } finally {
      await load.stop();
    }
    const failed = load.answers.filter((answer) => answer.status < 200 || answer.status > 299);
    expect({ requests: load.answers.length, failed: failed.slice(0, 5) }).toEqual({
      requests: load.answers.length,
      failed: [],
    });
    expect(load.answers.length).toBeGreaterThanOrEqual(2 * CALLS_TO_COMPARE);
  }, 240_000);
});
