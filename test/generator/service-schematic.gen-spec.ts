import fs from 'node:fs';
import path from 'node:path';
import { HostTree } from '@angular-devkit/schematics';
import { SchematicTestRunner, UnitTestTree } from '@angular-devkit/schematics/testing';
import { SERVICE_NODE_FLAGS } from '../../scripts/src/launcher/service-node-flags';

const ROOT = path.resolve(__dirname, '..', '..');
const COLLECTION = path.join(ROOT, 'tools', 'schematics', 'collection.json');

/** The files of this checkout the generator reads or registers services in. */
const REGISTRIES = [
  'nest-cli.json',
  'libs/contracts/src/services.ts',
  'libs/contracts/src/index.ts',
  'libs/contracts/src/events/index.ts',
  'libs/contracts/src/events/topology.ts',
  'docker/Dockerfile',
  'docker/compose.yml',
  'docker/postgres-init.sql',
  'docker/prometheus/prometheus.yml',
  'README.md',
  'apps/catalog/src/main.ts',
  'prisma/catalog/schema.prisma',
  'libs/contracts/src/errors.ts',
  'libs/contracts/src/events/envelope.ts',
];

/**
 * The `service` schematic on an in-memory copy of the files it edits: what each kind of service gets, and the
 * combinations it refuses before writing anything. (new-service.gen-spec.ts runs it for real, end to end.)
 */
describe('the service schematic', () => {
  const runner = new SchematicTestRunner('bazaar', COLLECTION);

  const repository = (): UnitTestTree => {
    const tree = new UnitTestTree(new HostTree());
    for (const file of REGISTRIES) tree.create(file, fs.readFileSync(path.join(ROOT, file)));
    return tree;
  };
  const generate = (options: Record<string, unknown>, tree = repository()): Promise<UnitTestTree> =>
    runner.runSchematic('service', options, tree);
  const filesOf = (tree: UnitTestTree, name: string) =>
    tree.files.filter((file) => file.includes(`/${name}/`) || file.includes(`/${name}.`)).sort();

  it('gives an events-only service (--rpc none) no RPC surface: no DTOs, no errors, no port, no AuthModule', async () => {
    const tree = await generate({ name: 'ledger', rpc: 'none', events: 'consume' });
    expect(filesOf(tree, 'ledger')).toEqual(
      expect.arrayContaining(['/apps/ledger/src/items/items.controller.ts', '/prisma/ledger/schema.prisma']),
    );
    expect(tree.exists('/apps/ledger/src/items/items.dto.ts')).toBe(false);
    expect(tree.exists('/apps/ledger/src/items/items.errors.ts')).toBe(false);
    expect(tree.readText('/apps/ledger/src/main.ts')).not.toContain('transport');
    expect(tree.readText('/apps/ledger/src/app.module.ts')).not.toContain('AuthModule');
    expect(tree.readText('/libs/contracts/src/services.ts')).toMatch(
      /ledger: \{ httpPort: \d+, database: true \}/,
    );
    expect(tree.readText('/docker/compose.yml')).not.toContain('LEDGER_RPC_PORT');
    // It registers in Consul, where Prometheus discovers it: compose says where, prometheus.yml stays as it is.
    expect(tree.readText('/docker/compose.yml')).toContain('CONSUL_ADVERTISE_HOST: ledger\n');
    expect(tree.readText('/docker/prometheus/prometheus.yml')).toBe(
      fs.readFileSync(path.join(ROOT, 'docker/prometheus/prometheus.yml'), 'utf8'),
    );
  });

  it('gives an HTTP service (--rpc http) its own REST routes and no RPC port, transport or AuthModule', async () => {
    const tree = await generate({ name: 'psp-stub', rpc: 'http', database: false });
    const controller = tree.readText('/apps/psp-stub/src/items/items.controller.ts');
    expect(controller).toContain("@Controller('v1/items')");
    expect(controller).toMatch(/@Post\(\)\n\s+create\(@Body\(\) input: CreateItemDto\)/);
    expect(controller).not.toContain('@nestjs/microservices');
    expect(tree.readText('/apps/psp-stub/src/main.ts')).not.toContain('transport');
    expect(tree.readText('/apps/psp-stub/src/app.module.ts')).not.toContain('AuthModule');
    expect(tree.readText('/libs/contracts/src/psp-stub.ts')).toContain('export const PSP_STUB_LIMITS');
    expect(tree.readText('/libs/contracts/src/services.ts')).toMatch(/'psp-stub': \{ httpPort: \d+ \}/);
    expect(tree.readText('/docker/compose.yml')).not.toContain('PSP_STUB_RPC_PORT');
    // Its image runs with the Node flags of every service process.
    const command = ['node', ...SERVICE_NODE_FLAGS, 'dist/apps/psp-stub/apps/psp-stub/src/main.js'];
    expect(tree.readText('/docker/Dockerfile')).toContain(
      `CMD ${JSON.stringify(command).replace(/","/g, '", "')}`,
    );
  });

  it('takes hyphenated names only where no database or event type is named after the service', async () => {
    await expect(generate({ name: 'psp-stub', rpc: 'http', database: true })).rejects.toThrow(
      /one lower-case word/,
    );
    await expect(
      generate({ name: 'abcdefghij-abcdefghij-abcdefghij', rpc: 'http', database: false }),
    ).rejects.toThrow(/words joined by hyphens/);
  });

  it('gives a service without a database no schema, no migration and no database URL', async () => {
    const tree = await generate({ name: 'quotes', rpc: 'tcp', database: false });
    expect(filesOf(tree, 'quotes').some((file) => file.startsWith('/prisma/'))).toBe(false);
    expect(tree.exists('/apps/quotes/src/database/database.module.ts')).toBe(false);
    expect(tree.readText('/apps/quotes/src/items/items.repository.ts')).not.toContain('Prisma');
    expect(tree.readText('/docker/compose.yml')).not.toContain('QUOTES_DATABASE_URL');
    expect(tree.readText('/docker/postgres-init.sql')).not.toContain('quotes');
    expect(tree.readText('/libs/contracts/src/services.ts')).toMatch(
      /quotes: \{ httpPort: \d+, rpcPort: \d+ \},/,
    );
  });

  it('leaves the links and the generated code to the finish task, which a dry run never runs', async () => {
    await generate({ name: 'shipping', rpc: 'grpc', events: ['publish', 'consume'] });
    expect(runner.tasks.at(-1)).toMatchObject({
      name: 'run-schematic',
      options: {
        name: 'finish',
        options: {
          links: [
            { path: 'prisma/shipping/outbox.prisma', target: '../../libs/messaging/prisma/outbox.prisma' },
            {
              path: expect.stringMatching(/^prisma\/shipping\/migrations\/\d{14}_outbox\/migration\.sql$/),
              target: '../../../../libs/messaging/prisma/outbox.sql',
            },
            { path: 'prisma/shipping/inbox.prisma', target: '../../libs/messaging/prisma/inbox.prisma' },
            {
              path: expect.stringMatching(/^prisma\/shipping\/migrations\/\d{14}_inbox\/migration\.sql$/),
              target: '../../../../libs/messaging/prisma/inbox.sql',
            },
          ],
          proto: true,
          prisma: true,
          openapi: true,
        },
      },
    });
  });

  it('takes the options nest generate passes besides its own, and --type for the transport', async () => {
    const tree = await generate({
      name: 'shipping',
      type: 'grpc',
      collection: './tools/schematics',
      project: 'shipping',
      language: 'ts',
      sourceRoot: 'apps/gateway/src',
      spec: true,
      flat: false,
      specFileSuffix: 'spec',
      skipImport: false,
    });
    expect(tree.exists('/libs/contracts/proto/shipping.proto')).toBe(true);
  });

  it.each([
    [{ name: 'catalog' }, /"catalog" is taken/],
    [{ name: 'errors' }, /"errors" is taken/],
    [{ name: 'events' }, /"events" is taken/],
    [{ name: 'bus' }, /"bus" is reserved/],
    [{ name: 'order-lines' }, /cannot name a service|must match pattern/],
    [{ name: 'shipping', database: false, events: 'publish' }, /Events need a database/],
    [{ name: 'shipping', rpc: 'none' }, /needs another way in/],
    [{ name: 'shipping', rpc: 'tcp', type: 'grpc' }, /disagree/],
    [{ name: 'shipping', events: 'publish,audit' }, /"\/events" must match/],
  ])('refuses %j before writing anything', async (options, message) => {
    const tree = repository();
    await expect(generate(options, tree)).rejects.toThrow(message);
    expect(tree.files.sort()).toEqual(REGISTRIES.map((file) => `/${file}`).sort());
  });

  it('refuses a name whose app folder exists, even when no table lists it', async () => {
    const tree = repository();
    tree.create('apps/shop/README.md', 'a half-made service');
    await expect(generate({ name: 'shop' }, tree)).rejects.toThrow(/"shop" is taken/);
  });

  it('stops, naming the file, when a registration anchor is gone', async () => {
    const tree = repository();
    tree.overwrite(
      'libs/contracts/src/events/topology.ts',
      tree.readText('libs/contracts/src/events/topology.ts').replace(/^.*new:service.*\n/m, ''),
    );
    await expect(generate({ name: 'shipping', events: 'publish' }, tree)).rejects.toThrow(
      /libs\/contracts\/src\/events\/topology\.ts has no line matching/,
    );
  });
});
