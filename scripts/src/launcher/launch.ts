import { DATABASE_SERVICES, envPrefix, LAUNCH_ORDER, ServiceName } from '@bazaar/contracts';
import { httpPortOf } from '@bazaar/platform';
import { Migrator } from '@bazaar/persistence';
import { resolveDatabases } from '../databases';
import { loadToolsConfig } from '../tools.config';
import { AppProcess } from './app-process';
import { colorFor } from './log-format';

const READY_TIMEOUT_MS = 60_000;

// In place of a process manager or compose: docs/adr/0010-launcher.md
/**
 * `npm start`: the whole platform on one machine. Starts the embedded PostgreSQL unless database URLs are set,
 * applies migrations, starts every app as its own process, waits for each to be ready, and on Ctrl-C stops
 * them all gracefully (apps first, then the database).
 */
export async function launch(): Promise<number> {
  const startedAt = Date.now();
  const config = loadToolsConfig();
  const useColor = Boolean(process.stdout.isTTY) && !config.NO_COLOR;
  const pretty = config.BAZAAR_LOG_FORMAT === 'pretty';
  const say = (message: string) =>
    console.log(`${useColor ? '\x1b[1m' : ''}bazaar${useColor ? '\x1b[0m' : ''} | ${message}`);

  const { urls, server } = await resolveDatabases(say);
  const embedded = server !== undefined;
  say(`profile: ${embedded ? `embedded (PostgreSQL on 127.0.0.1:${server.port})` : 'external databases'}`);

  for (const service of DATABASE_SERVICES) {
    const migrator = await Migrator.open(service, urls[service]);
    try {
      const applied = await migrator.deploy();
      say(`migrations ${service}: ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'}`);
    } finally {
      await migrator.close();
    }
  }

  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const service of DATABASE_SERVICES) env[`${envPrefix(service)}_DATABASE_URL`] = urls[service];
  if (embedded) {
    // The apps see database URLs, so they cannot tell they run embedded: say what the embedded profile implies.
    env.CATALOG_SEED ??= 'true';
    env.INVENTORY_SEED ??= 'true';
    env.JWT_GENERATE_KEYS ??= 'true';
    env.BAZAAR_ADMIN_GENERATE ??= 'true';
    // PostgreSQL is the event bus too (pg-boss), in a database of its own.
    if (!env.RABBITMQ_URL && !env.BUS_DATABASE_URL) {
      await server.ensureDatabase('bus');
      env.BUS_DATABASE_URL = server.url('bus');
    }
  }

  const width = Math.max(...LAUNCH_ORDER.map((a) => a.length));
  const apps = LAUNCH_ORDER.map(
    (name, index) =>
      [
        name,
        new AppProcess({
          name,
          env,
          prefix: colorFor(index, useColor)(`${name.padEnd(width)} |`),
          pretty,
          useColor,
        }),
      ] as const,
  );

  let shuttingDown = false;
  const stopAll = async (reason: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    say(`stopping (${reason})...`);
    for (const [, app] of [...apps].reverse()) await app.stop();
    await server?.stop();
    say('stopped');
  };
  const stopped = new Promise<number>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => void stopAll(signal).then(() => resolve(0));
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });

  try {
    for (const [name, app] of apps) {
      const t0 = Date.now();
      app.onUnexpectedExit = (code, signal) =>
        say(`${name} exited (${signal ?? `code ${code}`}); others keep running`);
      app.start();
      say(`${name} started (pid ${app.pid}), waiting until ready...`);
      await waitUntilReady(name, app);
      say(`${name} ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
  } catch (error) {
    say(error instanceof Error ? error.message : String(error));
    await stopAll('start-up failed');
    return 1;
  }

  const gateway = `http://127.0.0.1:${httpPortOf('gateway')}`;
  say(`all ${apps.length} services ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
  say(`Gateway:    ${gateway}/api/v1/products`);
  say(`Swagger UI: ${gateway}/docs`);
  say('Press Ctrl-C to stop.');
  return stopped;
}

async function waitUntilReady(name: ServiceName, app: AppProcess): Promise<void> {
  const url = `http://127.0.0.1:${httpPortOf(name)}/health/ready`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (!app.running) throw new Error(`${name} exited during start-up`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`${name} was not ready within ${READY_TIMEOUT_MS / 1000} s (${url})`);
}
