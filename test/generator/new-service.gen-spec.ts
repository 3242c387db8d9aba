import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { SERVICES, UserView } from '@bazaar/contracts';
import { freePort } from '../support/free-port';
import { RunningPlatform, startPlatform } from '../support/platform';
import { eventually } from '../support/eventually';
import { updateCompiledLibraries } from './compiled-libraries';
import { RepositoryCopy } from './repository-copy';

const MINUTE = 60_000;
const NODE = process.execPath;
const NEST = 'node_modules/@nestjs/cli/bin/nest.js';
/** How `nest generate` reports a schematic that failed (it still exits 0). */
const NEST_FAILURE = /Failed to execute command|ERROR!|Error:/;

/** The highest ports in use today: the generator must give each new service the next ones. */
const rows = Object.values(SERVICES) as Array<{ httpPort: number; rpcPort?: number }>;
const HTTP_PORT = Math.max(...rows.map((row) => row.httpPort));
const RPC_PORT = Math.max(...rows.map((row) => row.rpcPort ?? 0));

/**
 * The service generator, end to end and with no hand edit in between: in a throwaway copy of this checkout it
 * generates `alpha` (TCP, a database, publishes and consumes events) and `gamma-http` (its own HTTP API, no
 * database) with `npm run new:service` and `beta` (gRPC, a database) with `nest generate`, then holds them to what every service must pass: lint, Prettier, the type
 * check, the dependency rule, their own unit and integration specs, and starting with the platform as `npm start`
 * starts it.
 */
describe('npm run new:service', () => {
  let copy: RepositoryCopy;
  let before: Map<string, string>;
  /** The files the two generations wrote or changed (not the links they made), from the repository root. */
  let touched: string[] = [];

  beforeAll(async () => {
    copy = RepositoryCopy.create();
    // run.js would reinstall (npm ci through the linked node_modules) if the lockfile looked newer than the install.
    const lockfile = fs.statSync(copy.path('package-lock.json')).mtimeMs;
    expect(lockfile).toBeLessThanOrEqual(
      fs.statSync(copy.path('node_modules', '.package-lock.json')).mtimeMs,
    );
    // The copy starts from this checkout's build output; this builds in the copy whatever of it is stale.
    await copy.check(NODE, ['scripts/run.js', 'build']);
    before = copy.snapshot();
  }, 10 * MINUTE);

  afterAll(() => copy?.remove());

  const newService = (...args: string[]) =>
    copy.check(NODE, ['scripts/run.js', 'new:service', '--', ...args]);
  const nestGenerate = (...args: string[]) =>
    copy.run(NODE, [NEST, 'generate', '-c', './tools/schematics', ...args]);

  it(
    'shows what --dry-run would write, from either entry point, and writes nothing',
    async () => {
      const npm = await newService('drytest', '--rpc', 'grpc', '--events', 'publish,consume', '--dry-run');
      expect(npm).toContain('CREATE apps/drytest/src/main.ts');
      expect(npm).toContain('CREATE libs/contracts/proto/drytest.proto');
      expect(npm).toContain('UPDATE libs/contracts/src/services.ts');
      expect(npm).toMatch(/then: link prisma\/drytest\/outbox\.prisma -> /);
      // Nest passes what it knows (--type, --project, --language, --source-root, --spec...); the schema takes it.
      const nest = await nestGenerate('service', 'drytest', '-p', 'drytest', '--type', 'grpc', '--dry-run');
      expect(nest.output).toContain('CREATE apps/drytest/src/main.ts');
      expect(nest.output).not.toMatch(NEST_FAILURE);
      expect(copy.snapshot()).toEqual(before);
    },
    2 * MINUTE,
  );

  it(
    'generates alpha and gamma-http with npm run new:service and beta with nest generate',
    async () => {
      await newService('alpha', '--rpc', 'tcp', '--database', '--events', 'publish,consume');
      // `nest generate` exits 0 even when the schematic fails: the files say whether it worked.
      const nest = await nestGenerate('service', 'beta', '-p', 'beta', '--type', 'grpc');
      expect(nest.output).not.toMatch(NEST_FAILURE);
      expect(fs.existsSync(copy.path('apps/beta/src/main.ts'))).toBe(true);
      await newService('gamma-http', '--rpc', 'http', '--no-database');
      const after = copy.snapshot();
      // Prisma clients are build output (git ignores them); everything else is the generator's.
      touched = [...after.keys()]
        .filter((file) => after.get(file) !== before.get(file) && !copy.isLink(file))
        .filter((file) => !/^apps\/\w+\/src\/generated\//.test(file))
        .sort();
      expect(touched).toEqual(
        expect.arrayContaining([
          'apps/alpha/src/items/items.repository.ts',
          'apps/alpha/test/alpha.int-spec.ts',
          'apps/beta/src/items/items.controller.ts',
          'apps/gamma-http/src/items/items.controller.ts',
          'libs/contracts/proto/beta.proto',
          'libs/contracts/src/generated/beta.ts',
          'apps/gateway/openapi.json',
        ]),
      );
    },
    6 * MINUTE,
  );

  it('registers each where a service is listed', () => {
    const nest = JSON.parse(copy.read('nest-cli.json')) as { projects: Record<string, { root: string }> };
    expect(nest.projects.alpha).toMatchObject({ type: 'application', root: 'apps/alpha' });
    expect(nest.projects.beta).toMatchObject({ type: 'application', root: 'apps/beta' });
    expect(nest.projects['gamma-http']).toMatchObject({ type: 'application', root: 'apps/gamma-http' });

    const services = copy.read('libs/contracts/src/services.ts');
    expect(services).toContain(
      `alpha: { httpPort: ${HTTP_PORT + 1}, rpcPort: ${RPC_PORT + 1}, database: true },`,
    );
    expect(services).toContain(
      `beta: { httpPort: ${HTTP_PORT + 2}, rpcPort: ${RPC_PORT + 2}, database: true },`,
    );
    // No RPC port and no database; the hyphenated name quoted.
    expect(services).toContain(`'gamma-http': { httpPort: ${HTTP_PORT + 3} },`);

    const topology = copy.read('libs/contracts/src/events/topology.ts');
    expect(topology).toContain('...Object.values(ALPHA_EVENTS),');
    expect(topology).toContain('alpha: [IDENTITY_EVENTS.userRegistered.type],');
    expect(topology).not.toContain('beta');

    const compose = copy.read('docker/compose.yml');
    expect(compose).toMatch(/\n {2}alpha:\n {4}build: \*build-alpha\n/);
    expect(compose).toMatch(/\n {2}beta:\n {4}build: \*build-beta\n/);
    const gamma = compose.slice(compose.indexOf('\n  gamma-http:\n'));
    expect(gamma).toMatch(/^\n {2}gamma-http:\n {4}build: \*build-gamma-http\n/);
    expect(gamma.slice(0, gamma.indexOf('\n\n'))).not.toMatch(/RPC_PORT|SERVICE_AUTH|_DATABASE_URL/);
    const migrate = compose.slice(compose.indexOf('\n  migrate:\n'), compose.indexOf('\n  identity:\n'));
    expect(migrate).toContain('\n      ALPHA_DATABASE_URL: *alpha-database-url\n');
    expect(compose).toContain("pg_isready -U bazaar -d beta'");
    expect(copy.read('docker/postgres-init.sql')).toMatch(/CREATE DATABASE alpha;\nCREATE DATABASE beta;\n$/);
    expect(copy.read('docker/Dockerfile')).toContain('FROM runtime AS app-beta\n');
    // Registered in Consul under its compose name, where Prometheus finds it: no static scrape target.
    const alpha = compose.slice(
      compose.indexOf('\n  alpha:\n'),
      compose.indexOf('\n\n', compose.indexOf('\n  alpha:\n')),
    );
    expect(alpha).toContain('\n      CONSUL_URL: *consul-url\n      CONSUL_ADVERTISE_HOST: alpha\n');
    expect(alpha).toContain('\n      consul:\n        condition: service_healthy\n');
    expect(copy.read('docker/prometheus/prometheus.yml')).not.toContain('alpha');
    const table = copy.read('README.md').split('\n');
    expect(table.find((line) => line.startsWith('| `alpha`'))).toContain(
      `| ${HTTP_PORT + 1} / ${RPC_PORT + 1} `,
    );
    expect(table.find((line) => line.startsWith('| `beta`'))).toContain(
      `| ${HTTP_PORT + 2} / ${RPC_PORT + 2} `,
    );
    const gammaRow = table.find((line) => line.startsWith('| `gamma-http`')) ?? '';
    expect(gammaRow).toContain('HTTP (its own REST API)');
    expect(gammaRow).toContain(`| ${HTTP_PORT + 3} / – `);

    // The shared outbox and inbox, linked as prisma/catalog and prisma/notifications link them.
    expect(fs.readlinkSync(copy.path('prisma/alpha/outbox.prisma'))).toBe(
      '../../libs/messaging/prisma/outbox.prisma',
    );
    const migrations = fs.readdirSync(copy.path('prisma/alpha/migrations')).sort();
    expect(migrations).toEqual([
      expect.stringMatching(/^\d{14}_init$/),
      expect.stringMatching(/^\d{14}_outbox$/),
      expect.stringMatching(/^\d{14}_inbox$/),
      'migration_lock.toml',
    ]);
    expect(fs.readlinkSync(copy.path('prisma/alpha/migrations', migrations[2], 'migration.sql'))).toBe(
      '../../../../libs/messaging/prisma/inbox.sql',
    );
  });

  it(
    'passes lint, Prettier, the type check and the dependency rule as generated',
    async () => {
      const sources = touched.filter((file) => file.endsWith('.ts'));
      await copy.check(NODE, ['node_modules/eslint/bin/eslint.js', '--max-warnings', '0', ...sources]);
      await copy.check(NODE, [
        'node_modules/prettier/bin/prettier.cjs',
        '--check',
        '--ignore-unknown',
        ...touched,
      ]);
      await copy.check(NODE, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit']);
      await copy.check('npm', ['run', '--silent', 'deps:check']);
    },
    6 * MINUTE,
  );

  it(
    'passes its own unit and integration specs, and the drift checks of what it regenerated',
    async () => {
      const output = await copy.check(NODE, [
        'node_modules/jest/bin/jest.js',
        '--selectProjects',
        'unit',
        'integration',
        '--testPathPattern',
        'apps/(alpha|beta|gamma-http)/|openapi-drift|proto-drift',
      ]);
      const passed = output.split('\n').filter((line) => line.startsWith('PASS '));
      for (const spec of [
        'apps/alpha/src/items/items.spec.ts',
        'apps/alpha/test/alpha.int-spec.ts',
        'apps/beta/src/items/items.spec.ts',
        'apps/beta/test/beta.int-spec.ts',
        'apps/gamma-http/src/items/items.spec.ts',
        'apps/gamma-http/test/gamma-http.int-spec.ts',
        'apps/gateway/src/openapi/openapi-drift.spec.ts',
        'libs/contracts/src/proto-drift.spec.ts',
      ]) {
        expect(passed.find((line) => line.includes(` ${spec}`))).toBeTruthy();
      }
    },
    6 * MINUTE,
  );

  it(
    'builds, and its first migrations are what Prisma derives from its schema',
    async () => {
      // Nest builds the new apps and the launcher (which reads SERVICES). The other apps' own sources are as they
      // were, and the type check above held them to the changed libraries: their build differs only by those
      // libraries, compiled here once, for the new apps.
      const projects = (
        JSON.parse(copy.read('nest-cli.json')) as { projects: Record<string, { type: string }> }
      ).projects;
      const others = Object.keys(projects).filter(
        (name) =>
          projects[name].type === 'application' && !['alpha', 'beta', 'gamma-http', 'tools'].includes(name),
      );
      expect(touched.filter((file) => others.some((app) => file.startsWith(`apps/${app}/`)))).toEqual([
        'apps/gateway/openapi.json',
      ]);
      await copy.check(NODE, [NEST, 'build', 'alpha', 'beta', 'gamma-http', 'tools']);
      const replaced = updateCompiledLibraries(copy, {
        built: ['alpha', 'beta', 'gamma-http'],
        apps: others,
        changed: touched,
      });
      expect(replaced.identity).toEqual(
        expect.arrayContaining(['libs/contracts/src/services.js', 'libs/contracts/src/events/topology.js']),
      );
      for (const app of others) {
        const entry = copy.path('dist', 'apps', app, 'apps', app, 'src', 'main.js');
        const now = new Date();
        fs.utimesSync(entry, now, now);
      }
      // What `npm run build` would do now: nothing, each app's entry where nest-cli.json says it is.
      expect(await copy.check(NODE, ['scripts/run.js', 'build'])).not.toContain('building');
      // `db create` diffs the migrations against schema.prisma on a scratch database and writes nothing when equal.
      const home = fs.mkdtempSync(path.join(os.tmpdir(), 'bazaar-generator-db-'));
      fs.chmodSync(home, 0o755);
      try {
        const env = { BAZAAR_HOME: home, BAZAAR_PG_PORT: String(await freePort()) };
        for (const name of ['alpha', 'beta']) {
          const output = await copy.check(NODE, ['scripts/run.js', 'db', 'create', name, 'in_step'], env);
          expect(output).toContain(`${name}: already in sync`);
        }
      } finally {
        fs.rmSync(home, { recursive: true, force: true });
      }
    },
    10 * MINUTE,
  );

  describe('with the platform started as npm start starts it', () => {
    let platform: RunningPlatform | undefined;
    const ports: Record<string, string> = {};

    beforeAll(async () => {
      for (const name of ['ALPHA', 'BETA']) {
        ports[`${name}_HTTP_PORT`] = String(await freePort());
        ports[`${name}_RPC_PORT`] = String(await freePort());
      }
      ports.GAMMA_HTTP_HTTP_PORT = String(await freePort());
      platform = await startPlatform(ports, { root: copy.root });
    }, 3 * MINUTE);

    afterAll(async () => {
      await platform?.stop();
    }, MINUTE);

    it('starts each with the others, and each is ready', async () => {
      expect(Object.keys(platform!.pids)).toEqual(
        expect.arrayContaining(['alpha', 'beta', 'gamma-http', 'gateway']),
      );
      for (const name of ['ALPHA', 'BETA', 'GAMMA_HTTP']) {
        const ready = await fetch(`http://127.0.0.1:${ports[`${name}_HTTP_PORT`]}/health/ready`);
        expect(ready.status).toBe(200);
      }
    });

    it("serves gamma-http's own API on its HTTP port", async () => {
      const api = `http://127.0.0.1:${ports.GAMMA_HTTP_HTTP_PORT}/v1/items`;
      const ownerId = '0f8fad5b-d9cb-469f-a165-70867728950e';
      const created = await fetch(api, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ownerId, name: 'From the platform' }),
      });
      expect(created.status).toBe(201);
      const page = (await (await fetch(`${api}?ownerId=${ownerId}`)).json()) as { items: unknown[] };
      expect(page.items).toEqual([expect.objectContaining({ name: 'From the platform' })]);
    });

    it("gives a user who registers through the gateway alpha's starter item (identity -> bus -> alpha)", async () => {
      const registered = await fetch(`${platform!.gatewayUrl}/api/v1/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          email: `generated-${Date.now()}@example.com`,
          displayName: 'Gen',
          password: 'generated service passphrase',
        }),
      });
      expect(registered.status).toBe(201);
      const user = (await registered.json()) as UserView;
      const client = ClientProxyFactory.create({
        transport: Transport.TCP,
        options: { host: '127.0.0.1', port: Number(ports.ALPHA_RPC_PORT) },
      });
      try {
        const items = await eventually(
          () =>
            lastValueFrom(
              client.send<{ items: Array<{ name: string }> }>('alpha.items.list', {
                meta: { requestId: 'generator-e2e' },
                data: { ownerId: user.id },
              }),
            ).then((page) => page.items),
          (found) => found.length > 0,
          30_000,
          'the starter item of the new user',
        );
        expect(items.map((item) => item.name)).toEqual(['Starter']);
      } finally {
        await client.close();
      }
    });
  });
});
