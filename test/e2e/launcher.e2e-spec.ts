import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { CATALOG_PATTERNS, envPrefix, SERVICES } from '@bazaar/contracts';
import { environOf, scaledInstances } from '../support/instances';
import { rpcCallsServed } from '../support/metrics';
import { isAlive, RunningPlatform, startPlatform, waitFor } from '../support/platform';

const ROOT = path.resolve(__dirname, '..', '..');
const LAUNCHER = path.join(ROOT, 'dist', 'scripts', 'scripts', 'src', 'cli.js');
/** The promise made to users: within 10 s of the launcher's death, nothing of the platform remains. */
const ORPHAN_BOUND_MS = 10_000;

/** Every port the platform listened on (each service's HTTP and RPC port, the embedded PostgreSQL's). */
function portsOf(env: NodeJS.ProcessEnv): number[] {
  const ports = [Number(env.BAZAAR_PG_PORT)];
  for (const [name, entry] of Object.entries(SERVICES) as Array<[string, { rpcPort?: number }]>) {
    ports.push(Number(env[`${envPrefix(name)}_HTTP_PORT`]));
    if (entry.rpcPort) ports.push(Number(env[`${envPrefix(name)}_RPC_PORT`]));
  }
  return ports;
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Runs the launcher to its end with `env` and `args`, collecting its output. */
function runLauncher(
  env: NodeJS.ProcessEnv,
  args: string[] = [],
): Promise<{ code: number | null; output: string[] }> {
  const child = spawn(process.execPath, [LAUNCHER, 'launch', ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream }).on('line', (line) => output.push(line));
  }
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, output })));
}

/**
 * The launcher leaves nothing behind, however it ends, and never half-starts a second platform over a running
 * one. Each case starts the real platform through the launcher, as `npm start` does.
 */
describe('launcher (e2e)', () => {
  // Scaled, so the orphan handling is shown to cover every instance too.
  it('with --scale catalog=2, runs two catalog instances that every caller knows; killed with SIGKILL, its services and the embedded PostgreSQL stop on their own and free every port', async () => {
    const platform = await startPlatform({}, { args: ['--scale', 'catalog=2'] });
    const pids = Object.values(platform.pids);
    // Every service, the extra catalog instance, the database and its watchdog.
    expect(Object.keys(platform.pids).sort()).toEqual(
      [...Object.keys(SERVICES), 'catalog#2', 'postgres', 'watchdog'].sort(),
    );
    expect(pids.every(isAlive)).toBe(true);
    const services = Object.keys(SERVICES).length;
    expect(platform.output.find((line) => line.includes(' services ready'))).toContain(
      `bazaar | all ${services} services ready (${services + 1} processes) in `,
    );

    // Both instances are listed with their own ports, and each answers on its own.
    const { instances, addresses } = scaledInstances(platform.output, 'catalog');
    expect(instances.map((i) => i.label)).toEqual(['catalog', 'catalog#2']);
    expect(instances[0]).toMatchObject({
      http: Number(platform.env.CATALOG_HTTP_PORT),
      rpc: Number(platform.env.CATALOG_RPC_PORT),
    });
    expect(new Set(instances.flatMap((i) => [i.http, i.rpc])).size).toBe(4);
    for (const { http } of instances) {
      expect((await fetch(`http://127.0.0.1:${http}/health/ready`)).status).toBe(200);
    }
    // The extra instance was started on those ports, and every process (the gateway as the caller that
    // matters) got the addresses of both; each address is a listening catalog.
    const rpcList = instances.map((i) => `127.0.0.1:${i.rpc}`).join(',');
    expect(addresses).toBe(rpcList);
    expect(environOf(platform.pids['catalog#2'])).toMatchObject({
      CATALOG_HTTP_PORT: String(instances[1].http),
      CATALOG_RPC_PORT: String(instances[1].rpc),
      CATALOG_SEED: 'false',
    });
    for (const name of ['gateway', 'catalog', 'orders']) {
      expect({ name, addresses: environOf(platform.pids[name]).CATALOG_RPC_ADDRESSES }).toEqual({
        name,
        addresses: rpcList,
      });
    }
    expect(await Promise.all(instances.map((i) => canListen(i.rpc)))).toEqual([false, false]);
    // The gateway spreads its reads over both, as each instance's own metrics count them.
    const served = () =>
      Promise.all(
        instances.map((i) => rpcCallsServed(`http://127.0.0.1:${i.http}`, [CATALOG_PATTERNS.listProducts])),
      );
    for (let request = 0; request < 10; request++) {
      expect((await fetch(`${platform.gatewayUrl}/api/v1/products?limit=1`)).status).toBe(200);
    }
    expect((await served()).map((count) => count > 0)).toEqual([true, true]);

    process.kill(platform.launcherPid, 'SIGKILL');
    await waitFor(
      `no process of the platform left (pids ${JSON.stringify(platform.pids)})`,
      () => Promise.resolve(pids.every((pid) => !isAlive(pid))),
      ORPHAN_BOUND_MS,
    );
    const ports = [...portsOf(platform.env), instances[1].http, instances[1].rpc];
    expect(await Promise.all(ports.map(canListen))).toEqual(ports.map(() => true));
    await platform.stop();
  }, 150_000);

  it('refuses a bad --scale before anything starts, with one line and exit code 2', async () => {
    const cases: Array<[string, string]> = [
      ['gateway=2', 'bazaar | --scale gateway=2: refused, the gateway is the single public entry'],
      ['psp-sandbox=2', 'bazaar | --scale psp-sandbox=2: refused, psp-sandbox plays an outside company'],
      ['catalog=9', 'bazaar | --scale catalog=9: the number of instances must be an integer from 1 to 8'],
      ['catlog=2', 'bazaar | --scale catlog=2: unknown service "catlog"'],
    ];
    const runs = await Promise.all(cases.map(([value]) => runLauncher(process.env, ['--scale', value])));
    runs.forEach(({ code, output }, index) => {
      expect({ code, lines: output.length }).toEqual({ code: 2, lines: 1 });
      expect(output[0]).toContain(cases[index][1]);
    });
  }, 60_000);

  describe('a second start while one runs', () => {
    let platform: RunningPlatform;
    beforeAll(async () => {
      platform = await startPlatform();
    }, 120_000);
    afterAll(() => platform?.stop());

    it('is refused before anything starts, naming each taken port and what holds it', async () => {
      const { code, output } = await runLauncher(platform.env);
      expect(code).toBe(1);
      const text = output.join('\n');
      const gatewayPort = platform.env.GATEWAY_HTTP_PORT as string;
      // The holder is found by pid: the running gateway.
      expect(text).toContain(
        `port ${gatewayPort} for gateway HTTP (GATEWAY_HTTP_PORT) is taken by pid ${platform.pids.gateway}:`,
      );
      expect(text).toContain(
        `port ${platform.env.BAZAAR_PG_PORT} for embedded PostgreSQL (BAZAAR_PG_PORT) is taken by pid ${platform.pids.postgres}:`,
      );
      for (const port of portsOf(platform.env)) expect(text).toContain(`port ${port} for `);
      expect(text).toContain('nothing was started');
      // Nothing was started: no database, no migration, no service.
      expect(text).not.toMatch(/PostgreSQL (initialised and )?started|attached|migrations|started \(pid/);

      // The running platform is untouched.
      const ready = await fetch(`${platform.gatewayUrl}/health/ready`);
      expect(ready.status).toBe(200);
      expect(Object.values(platform.pids).every(isAlive)).toBe(true);
    }, 60_000);

    it('a closed terminal (SIGHUP) stops the running platform in order, exit code 0', async () => {
      const pids = Object.values(platform.pids);
      process.kill(platform.launcherPid, 'SIGHUP');
      await waitFor('the launcher to stop on SIGHUP', () =>
        Promise.resolve(platform.output.includes('bazaar | stopping (SIGHUP)...')),
      );
      expect(await platform.stop()).toBe(0);
      // Its last lines may still be in the pipe when it exits.
      await waitFor('the launcher to say it stopped', () =>
        Promise.resolve(platform.output.includes('bazaar | stopped')),
      );
      expect(pids.filter(isAlive)).toEqual([]);
    }, 60_000);
  });
});
