import Consul from 'consul';
import { ConsulTestServer } from '../support/consul/consul-test-server';
import { eventually } from '../support/eventually';
import { LoadLoop } from '../support/load';
import { metricValue, scrape } from '../support/metrics';
import { isAlive, RunningPlatform, startPlatform } from '../support/platform';

const GATEWAY_KEY = 'bazaar/gateway/config';

/**
 * The platform in the production profile's discovery (every service registered in Consul, the Consul API test
 * server here), the gateway under steady load: a rate limit lowered in Consul KV takes effect within two seconds,
 * without a restart; an invalid value is refused and the running limit kept.
 */
describe('a rate limit changed in Consul KV (e2e)', () => {
  let consul: ConsulTestServer;
  let kv: Consul;
  let platform: RunningPlatform;
  let load: LoadLoop | undefined;

  beforeAll(async () => {
    consul = await ConsulTestServer.start();
    kv = new Consul({ host: '127.0.0.1', port: consul.port });
    platform = await startPlatform({ CONSUL_URL: consul.url, CONSUL_CHECK_INTERVAL: '1s' });
  }, 150_000);

  afterAll(async () => {
    await load?.stop();
    if (platform) await platform.stop();
    kv?.destroy();
    await consul?.close();
  }, 60_000);

  const gatewayLines = (match: RegExp) =>
    platform.output.filter((line) => line.includes('"service":"gateway"') && match.test(line));
  const reloads = async (outcome: string) =>
    metricValue(await scrape(platform.gatewayUrl), 'config_reloads_total', { outcome });

  it('answers 429 within two seconds of RATE_LIMIT_GLOBAL being lowered, from the same process', async () => {
    const gatewayPid = platform.pids.gateway;
    load = new LoadLoop([`${platform.gatewayUrl}/api/v1/products`], 4);
    // The catalog is found through Consul once its check passes: wait for answers before changing anything.
    await eventually(
      () => Promise.resolve(load!.count(200)),
      (count) => count >= 20,
      30_000,
      'steady answers',
    );
    expect(load.count(429)).toBe(0);

    const changedAt = Date.now();
    await kv.kv.set(GATEWAY_KEY, JSON.stringify({ RATE_LIMIT_GLOBAL: 5 }));
    await eventually(
      () => Promise.resolve(load!.count(429, changedAt)),
      (count) => count > 0,
      2_000,
      'a 429 after the lower limit',
    );

    expect(isAlive(gatewayPid)).toBe(true);
    expect(platform.pids.gateway).toBe(gatewayPid);
    expect(gatewayLines(/"msg":"config changed".*"key":"RATE_LIMIT_GLOBAL"/)).toHaveLength(1);
    expect(gatewayLines(/"msg":"config changed"/)[0]).toMatch(/"old":100000,"new":5/);
    expect(await reloads('applied')).toBe(1);
  });

  it('refuses a limit out of range, keeps the running one and says why', async () => {
    await kv.kv.set(GATEWAY_KEY, JSON.stringify({ RATE_LIMIT_GLOBAL: 0 }));
    await eventually(
      () => reloads('refused'),
      (count) => count === 1,
      5_000,
      'the refusal',
    );
    expect(gatewayLines(/config refused.*RATE_LIMIT_GLOBAL \(got \\"0\\" from Consul KV/)).toHaveLength(1);
    const since = Date.now();
    await eventually(
      () => Promise.resolve(load!.count(429, since)),
      (count) => count > 0,
      5_000,
      'the lowered limit still in force',
    );
  });

  it("changes the gateway's log level while it runs", async () => {
    const debugLines = () => gatewayLines(/"level":"debug"/).length;
    expect(debugLines()).toBe(0);
    await kv.kv.set(GATEWAY_KEY, JSON.stringify({ RATE_LIMIT_GLOBAL: 5, LOG_LEVEL: 'debug' }));
    // Each refused request (429) is logged at debug level: they appear once the level is lowered.
    await eventually(
      () => Promise.resolve(debugLines()),
      (count) => count > 0,
      5_000,
      'debug lines',
    );
    expect(gatewayLines(/"msg":"config changed".*"key":"LOG_LEVEL"/)).toHaveLength(1);
  });
});
