import net from 'node:net';
import { LAUNCH_ORDER } from '../../../libs/contracts/src/services';
import { planInstances, rpcAddresses } from './instances';
import { freePort } from '../../../test/support/free-port';
import { platformPorts } from './ports';

/** Catalog's ports from the free-port picker; inventory's HTTP port right above catalog's. */
async function env(): Promise<NodeJS.ProcessEnv> {
  const catalogHttp = await freePort();
  return {
    CATALOG_HTTP_PORT: String(catalogHttp),
    CATALOG_RPC_PORT: String(await freePort()),
    INVENTORY_HTTP_PORT: String(catalogHttp + 1),
    INVENTORY_RPC_PORT: String(await freePort()),
  };
}

/** Listens on `port`, or undefined when something else already does (either way, the port is taken). */
function hold(port: number): Promise<net.Server | undefined> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

describe('the instances the launcher runs', () => {
  it('are one per service without --scale, on the ports the environment gives, and no address lists', async () => {
    const variables = await env();
    const instances = await planInstances(LAUNCH_ORDER, new Map(), variables, new Set());
    expect(instances.map((i) => i.label)).toEqual(LAUNCH_ORDER);
    const catalog = instances.find((i) => i.service === 'catalog');
    expect(catalog).toMatchObject({
      httpPort: Number(variables.CATALOG_HTTP_PORT),
      rpcPort: Number(variables.CATALOG_RPC_PORT),
      env: {},
    });
    expect(rpcAddresses(instances)).toEqual({});
  });

  it('add extra instances on free ports above their own that nothing else claims, with the once-only work off', async () => {
    const variables = await env();
    const claims = platformPorts(LAUNCH_ORDER, variables);
    const reserved = new Set(claims.map((claim) => claim.port));
    const catalogHttp = Number(variables.CATALOG_HTTP_PORT);
    const catalogRpc = Number(variables.CATALOG_RPC_PORT);
    // Right above catalog's HTTP port: inventory's (reserved), then one held by another process.
    const holder = await hold(catalogHttp + 2);
    try {
      const instances = await planInstances(LAUNCH_ORDER, new Map([['catalog', 3]]), variables, reserved);
      const catalogs = instances.filter((i) => i.service === 'catalog');
      expect(catalogs.map((i) => i.label)).toEqual(['catalog', 'catalog#2', 'catalog#3']);
      const [first, second, third] = catalogs;
      expect([first.httpPort, first.rpcPort]).toEqual([catalogHttp, catalogRpc]);
      expect(second.httpPort).toBeGreaterThan(catalogHttp + 2);
      expect(third.httpPort).toBeGreaterThan(second.httpPort);
      expect(second.rpcPort).toBeGreaterThan(catalogRpc);
      expect(third.rpcPort).toBeGreaterThan(second.rpcPort as number);
      const extraPorts = [second, third].flatMap((i) => [i.httpPort, i.rpcPort as number]);
      expect(extraPorts.filter((port) => reserved.has(port))).toEqual([]);
      expect(new Set(extraPorts).size).toBe(4);
      expect(second.env).toEqual({
        CATALOG_HTTP_PORT: String(second.httpPort),
        CATALOG_RPC_PORT: String(second.rpcPort),
        CATALOG_SEED: 'false',
        INVENTORY_SEED: 'false',
        JWT_GENERATE_KEYS: 'false',
        BAZAAR_ADMIN_GENERATE: 'false',
      });
      expect(rpcAddresses(instances)).toEqual({
        CATALOG_RPC_ADDRESSES: catalogs.map((i) => `127.0.0.1:${i.rpcPort}`).join(','),
      });
    } finally {
      await new Promise((resolve) => (holder ? holder.close(resolve) : resolve(undefined)));
    }
  });
});
