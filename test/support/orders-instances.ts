import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { OrderView, PspFaults } from '@bazaar/contracts';
import { EmbeddedPostgres } from '@bazaar/persistence';
import { bearer } from './api';
import { freePort } from './free-port';
import { RunningPlatform, startWatchedApp, waitFor, WatchedApp } from './platform';

const ROOT = path.resolve(__dirname, '..', '..');

/** Settled: nothing more happens to the order without a person. */
export const SETTLED = new Set(['CONFIRMED', 'REJECTED', 'CANCELLED', 'REFUNDED', 'COMPENSATION_FAILED']);

/** What an orders process the test starts needs beyond the platform's env: its database and the bus's. */
export async function ordersEnv(platform: RunningPlatform): Promise<NodeJS.ProcessEnv> {
  const server = await EmbeddedPostgres.start({
    home: platform.home,
    port: Number(platform.env.BAZAAR_PG_PORT),
  });
  return { ...platform.env, ORDERS_DATABASE_URL: server.url('orders'), BUS_DATABASE_URL: server.url('bus') };
}

/**
 * An orders process of the test's own, ready; on the platform's ports unless `ports` names others. Ready within a
 * minute: a start takes seconds on a quiet machine, many more on CI's two cores shared with other platforms. When
 * it is not, the error says what the process last wrote.
 */
export async function startOrders(
  env: NodeJS.ProcessEnv,
  extra: NodeJS.ProcessEnv = {},
): Promise<WatchedApp & { httpPort: string }> {
  const merged = { ...env, ...extra };
  const app = startWatchedApp('orders', merged);
  const httpPort = merged.ORDERS_HTTP_PORT as string;
  await waitFor(
    `orders on ${httpPort} to be ready`,
    async () => (await fetch(`http://127.0.0.1:${httpPort}/health/ready`)).status === 200,
    60_000,
  ).catch((error: Error) => {
    throw new Error(`${error.message}; its last lines:\n${app.output.slice(-20).join('\n')}`);
  });
  return Object.assign(app, { httpPort });
}

/** Ports for a second orders instance next to the platform's. */
export async function secondInstancePorts(): Promise<NodeJS.ProcessEnv> {
  return { ORDERS_HTTP_PORT: String(await freePort()), ORDERS_RPC_PORT: String(await freePort()) };
}

/** Resolves with the point an orders process reported as it killed itself, once it is gone. */
export async function crashedAt(
  app: WatchedApp,
  timeoutMs = 30_000,
): Promise<{ point: string; orderId: string }> {
  await waitFor('orders to crash', () => Promise.resolve(app.child.signalCode !== null), timeoutMs).catch(
    (error: Error) => {
      throw new Error(`${error.message}; its last lines:\n${app.output.slice(-15).join('\n')}`);
    },
  );
  expect(app.child.signalCode).toBe('SIGKILL');
  const line = app.output.find((text) => text.includes('test crash point reached'));
  if (!line) throw new Error(`no crash point reported:\n${app.output.slice(-20).join('\n')}`);
  const { point, orderId } = JSON.parse(line.slice(line.indexOf('{'))) as { point: string; orderId: string };
  return { point, orderId };
}

export async function orderOf(platform: RunningPlatform, token: string, id: string): Promise<OrderView> {
  const response = await fetch(`${platform.gatewayUrl}/api/v1/orders/${id}`, { headers: bearer(token) });
  if (response.status !== 200) throw new Error(`GET order ${id}: ${response.status}`);
  return (await response.json()) as OrderView;
}

export async function sandboxFaults(platform: RunningPlatform, faults: Partial<PspFaults>): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${platform.env.PSP_SANDBOX_HTTP_PORT}/v1/sandbox/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(faults),
  });
  if (response.status !== 200) throw new Error(`sandbox faults: ${response.status}`);
}

/** `npm run reconcile` against the platform: its exit code and what it printed. */
export function reconcile(platform: RunningPlatform): Promise<{ code: number | null; output: string }> {
  const child = spawn(
    process.execPath,
    [path.join(ROOT, 'dist', 'scripts', 'scripts', 'src', 'cli.js'), 'reconcile', '--grace-s', '0'],
    { cwd: ROOT, env: platform.env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream }).on('line', (line) => output.push(line));
  }
  return new Promise((resolve) =>
    child.once('close', (code) => resolve({ code, output: output.join('\n') })),
  );
}
