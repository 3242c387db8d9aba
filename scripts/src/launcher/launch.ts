import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
// Deep imports on purpose: the package indexes load Nest, Prisma and the gRPC contracts (see ../databases.ts).
import { DATABASE_SERVICES, envPrefix, LAUNCH_ORDER } from '../../../libs/contracts/src/services';
import { migrationsInSync } from '../../../libs/persistence/src/migrations/migrations-in-sync';
import { embeddedPostgresPort, resolveDatabases, usesEmbeddedDatabases } from '../databases';
import { loadToolsConfig } from '../tools.config';
import { AppProcess } from './app-process';
import { Instance, planInstances, rpcAddresses } from './instances';
import { LaunchArgs, LaunchArgsError, parseLaunchArgs } from './launch-args';
import { colorFor } from './log-format';
import { Phases } from './phases';
import { platformPorts, TakenPort, takenPorts } from './ports';
import {
  endpointOf,
  ensureDatabases,
  ProductionSettings,
  productionSettings,
  ProfileError,
} from './production-profile';

const READY_TIMEOUT_MS = 60_000;
/** Set by scripts/run.js when it hands over in-process, so its own checks count in the start-up time. */
const RUN_STARTED_AT = 'BAZAAR_RUN_STARTED_AT';

type Say = (message: string) => void;

// In place of a process manager or compose: docs/adr/0010-launcher.md
/**
 * `npm start`: the whole platform on one machine. Refuses to start when a port it needs is taken; starts the
 * embedded PostgreSQL unless database URLs are set (a watchdog stops it should the launcher die); applies
 * pending migrations; starts every app as its own process, all at once, and waits until each is ready; on
 * Ctrl-C, SIGTERM or SIGHUP stops them gracefully (apps first, gateway first among them, then the database).
 * Should the launcher itself die, each app notices its IPC channel close and stops on its own.
 * `--scale catalog=3` runs three catalog processes (see launch-args.ts and instances.ts); a bad argument is
 * refused with one line and exit code 2 before anything starts. `--profile production` runs them on the
 * machine's PostgreSQL, RabbitMQ and Redis with service tokens required (production-profile.ts).
 */
export async function launch(argv: readonly string[] = []): Promise<number> {
  let args: LaunchArgs;
  try {
    args = parseLaunchArgs(argv);
  } catch (error) {
    if (!(error instanceof LaunchArgsError)) throw error;
    console.error(`bazaar | ${error.message}`);
    return 2;
  }
  const phases = new Phases(Number(process.env[RUN_STARTED_AT]) || Date.now());
  if (process.env[RUN_STARTED_AT]) phases.record('setup checks', Date.now() - phases.startedAt);
  const config = loadToolsConfig();
  const useColor = Boolean(process.stdout.isTTY) && !config.NO_COLOR;
  const pretty = config.BAZAAR_LOG_FORMAT === 'pretty';
  const say: Say = (message) =>
    console.log(`${useColor ? '\x1b[1m' : ''}bazaar${useColor ? '\x1b[0m' : ''} | ${message}`);

  // The production profile's settings join the environment every later step reads (database URLs first).
  let production: ProductionSettings | undefined;
  if (args.profile === 'production') {
    try {
      production = productionSettings(process.env);
    } catch (error) {
      if (!(error instanceof ProfileError)) throw error;
      for (const problem of error.problems) say(problem);
      say(
        'nothing was started: the production profile needs the settings above (README, "Production profile").',
      );
      return 1;
    }
    Object.assign(process.env, production.shared);
  }

  // Before anything starts: a second `npm start` (or anything else on our ports) is refused, naming the holder.
  const embedded = usesEmbeddedDatabases();
  const claims = platformPorts(LAUNCH_ORDER, process.env, embedded ? embeddedPostgresPort() : undefined);
  const taken = await phases.time('ports', () => takenPorts(claims));
  if (taken.length > 0) {
    refuse(taken, say);
    return 1;
  }
  let instances: Instance[];
  try {
    instances = await planInstances(
      LAUNCH_ORDER,
      args.scale,
      process.env,
      new Set(claims.map((claim) => claim.port)),
    );
  } catch (error) {
    say(`nothing was started: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }

  // The embedded profile's bus (pg-boss) gets a database of its own on the same server.
  const wantsBus = embedded && !process.env.RABBITMQ_URL && !process.env.BUS_DATABASE_URL;
  const { urls, server } = await phases.time('postgres', async () => {
    if (production) await createDatabases(production, say);
    return resolveDatabases(say, wantsBus ? ['bus'] : []);
  });
  say(
    `profile: ${server ? `embedded (PostgreSQL on 127.0.0.1:${server.port})` : describeExternal(production)}`,
  );

  let apps: Array<readonly [Instance, AppProcess]> = [];
  // One stop, however many signals ask for it: each waits for the same end.
  let stopping: Promise<void> | undefined;
  const stopAll = (reason: string) =>
    (stopping ??= (async () => {
      say(`stopping (${reason})...`);
      // The gateway first (it calls the others), then the rest together; the database last.
      const gateway = apps.filter(([instance]) => instance.service === 'gateway');
      const others = apps.filter(([instance]) => instance.service !== 'gateway');
      await Promise.all(gateway.map(([, app]) => app.stop()));
      await Promise.all(others.map(([, app]) => app.stop()));
      await server?.stop();
      say('stopped');
    })());
  const stopped = new Promise<number>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => void stopAll(signal).then(() => resolve(0));
    // SIGHUP: the terminal closed. The apps and the database have their own process groups and do not get it.
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, onSignal);
  });

  try {
    await phases.time('migrations', () => migrate(urls, say));

    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env[RUN_STARTED_AT];
    for (const service of DATABASE_SERVICES) env[`${envPrefix(service)}_DATABASE_URL`] = urls[service];
    if (server) {
      // The apps see database URLs, so they cannot tell they run embedded: say what the embedded profile implies.
      env.CATALOG_SEED ??= 'true';
      env.INVENTORY_SEED ??= 'true';
      env.JWT_GENERATE_KEYS ??= 'true';
      env.BAZAAR_ADMIN_GENERATE ??= 'true';
      if (wantsBus) env.BUS_DATABASE_URL = urls.bus;
    }
    // Every process may call a scaled service: each gets the addresses of all its instances.
    Object.assign(env, rpcAddresses(instances));

    const width = Math.max(...instances.map((instance) => instance.label.length));
    apps = instances.map(
      (instance) =>
        [
          instance,
          new AppProcess({
            name: instance.service,
            env: { ...env, ...production?.perService[instance.service], ...instance.env },
            prefix: colorFor(
              LAUNCH_ORDER.indexOf(instance.service),
              useColor,
            )(`${instance.label.padEnd(width)} |`),
            pretty,
            useColor,
          }),
        ] as const,
    );
    const startOne = async ([instance, app]: readonly [Instance, AppProcess]) => {
      // The launcher is stopping (Ctrl-C, or another service failed to start): nothing new starts.
      if (app.stopRequested) return;
      app.onUnexpectedExit = (code, signal) =>
        say(`${instance.label} exited (${signal ?? `code ${code}`}); others keep running`);
      app.start();
      say(`${instance.label} started (pid ${app.pid}), waiting until ready...`);
      const t0 = Date.now();
      await waitUntilReady(instance, app);
      phases.record(instance.label, Date.now() - t0);
      say(`${instance.label} ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    };
    // All at once: none needs another to boot (callers retry and report not-ready until their peers answer,
    // producers declare every consumer's queue), and on two cores their boots overlap with each other's I/O.
    // A scaled service's extra instances follow its first once it is ready: its once-only work is done then.
    const servicesStartedAt = Date.now();
    await Promise.all(
      LAUNCH_ORDER.map(async (service) => {
        const [first, ...extras] = apps.filter(([instance]) => instance.service === service);
        await startOne(first);
        await Promise.all(extras.map(startOne));
      }),
    );
    phases.record('services (together)', Date.now() - servicesStartedAt);
  } catch (error) {
    say(error instanceof Error ? error.message : String(error));
    await stopAll('start-up failed');
    return 1;
  }

  const total = phases.elapsedMs;
  // Before the "all ready" line, which is what scripts and tests wait for: by then every line of it is out.
  for (const line of scaledSummary(instances)) say(line);
  const processes = apps.length > LAUNCH_ORDER.length ? ` (${apps.length} processes)` : '';
  say(`all ${LAUNCH_ORDER.length} services ready${processes} in ${(total / 1000).toFixed(1)} s`);
  if (total > config.BAZAAR_STARTUP_TARGET_MS) {
    say(`start-up took longer than ${config.BAZAAR_STARTUP_TARGET_MS / 1000} s: ${phases.describe()}`);
  }
  const gateway = `http://127.0.0.1:${apps.find(([instance]) => instance.service === 'gateway')?.[0].httpPort}`;
  say(`Storefront: ${gateway}/`);
  say(`Console:    ${gateway}/admin`);
  say(`Gateway:    ${gateway}/api/v1/products`);
  say(`Swagger UI: ${gateway}/docs`);
  say('Press Ctrl-C to stop.');
  return stopped;
}

/** The production profile's databases named from `BAZAAR_POSTGRES_URL`, created when missing. */
async function createDatabases(production: ProductionSettings, say: Say): Promise<void> {
  const urls = DATABASE_SERVICES.map(
    (service) => process.env[`${envPrefix(service)}_DATABASE_URL`] as string,
  );
  const created = await ensureDatabases(urls, process.env.BAZAAR_POSTGRES_URL);
  if (created.length > 0) say(`databases created: ${created.join(', ')}`);
  else if (production.derived.length > 0) say(`databases: ${production.derived.join(', ')}`);
}

/** Where the services' servers are, without credentials; and whose client secrets were generated. */
function describeExternal(production: ProductionSettings | undefined): string {
  if (!production) return 'external databases';
  const env = process.env;
  const postgres = env.BAZAAR_POSTGRES_URL
    ? endpointOf(env.BAZAAR_POSTGRES_URL)
    : 'the *_DATABASE_URL servers';
  const secrets =
    production.generated.length > 0
      ? `client secrets generated for ${production.generated.join(', ')}`
      : 'client secrets given';
  return (
    `production (PostgreSQL ${postgres}, RabbitMQ ${endpointOf(env.RABBITMQ_URL as string)}, ` +
    `Redis ${endpointOf(env.REDIS_URL as string)}; SERVICE_AUTH=required, ${secrets})`
  );
}

function refuse(taken: TakenPort[], say: Say): void {
  for (const claim of taken) {
    const by =
      claim.holder ?? 'another process (it could not be identified; is another `npm start` running?)';
    say(`port ${claim.port} for ${claim.owner} is taken by ${by}`);
  }
  say(
    'nothing was started: stop what holds these ports, or give this one other ports and another BAZAAR_HOME (README, "Running and stopping").',
  );
}

/**
 * Pending migrations are applied by `cli db migrate` in a process of its own: the WebAssembly migrator costs
 * about 60 MiB that the launcher would otherwise keep while the platform runs. A database already in sync
 * (the common case) costs one query.
 */
async function migrate(urls: Record<string, string>, say: Say): Promise<void> {
  const inSync = await Promise.all(
    DATABASE_SERVICES.map((service) => migrationsInSync(service, urls[service])),
  );
  if (inSync.every(Boolean)) {
    say('migrations: up to date');
    return;
  }
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const service of DATABASE_SERVICES) env[`${envPrefix(service)}_DATABASE_URL`] = urls[service];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, '..', 'cli.js'), 'db', 'migrate'], {
      env,
      stdio: 'inherit',
    });
    child.once('error', reject);
    child.once('exit', (exitCode) => resolve(exitCode));
  });
  if (code !== 0) throw new Error(`migrations failed (db migrate exited with ${code})`);
}

/**
 * One line per scaled service: its instances with their ports, and the addresses its callers were given:
 * `catalog: 2 instances: catalog (HTTP 3102, RPC 4102), catalog#2 (HTTP 3108, RPC 4107); CATALOG_RPC_ADDRESSES=...`.
 */
function scaledSummary(instances: readonly Instance[]): string[] {
  const addresses = rpcAddresses(instances);
  return LAUNCH_ORDER.flatMap((service) => {
    const own = instances.filter((instance) => instance.service === service);
    if (own.length < 2) return [];
    const listed = own
      .map(
        ({ label, httpPort, rpcPort }) => `${label} (HTTP ${httpPort}${rpcPort ? `, RPC ${rpcPort}` : ''})`,
      )
      .join(', ');
    const variable = `${envPrefix(service)}_RPC_ADDRESSES`;
    const given = addresses[variable] ? `; ${variable}=${addresses[variable]}` : '';
    return [`${service}: ${own.length} instances: ${listed}${given}`];
  });
}

async function waitUntilReady(instance: Instance, app: AppProcess): Promise<void> {
  const url = `http://127.0.0.1:${instance.httpPort}/health/ready`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (!app.running) throw new Error(`${instance.label} exited during start-up`);
    if ((await statusOf(url)) === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${instance.label} was not ready within ${READY_TIMEOUT_MS / 1000} s (${url})`);
}

/** The status of a GET, or 0 when nothing answers. node:http rather than fetch: undici would cost ~10 MiB. */
function statusOf(url: string): Promise<number> {
  return new Promise((resolve) => {
    const request = http.get(url, { timeout: 1_000 }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.once('timeout', () => request.destroy());
    request.once('error', () => resolve(0));
  });
}
