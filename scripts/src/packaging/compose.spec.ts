import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { envPrefix, SERVICES } from '@bazaar/contracts';
import { appNames, ROOT } from './repo-files';

const COMPOSE = path.join(ROOT, 'docker', 'compose.yml');
const DCLINT = path.join(ROOT, 'node_modules', 'dclint', 'bin', 'dclint.cjs');

interface LintMessage {
  rule: string;
  type: 'error' | 'warning';
  message: string;
  line: number;
}

/**
 * dclint, as `npm run lint:packaging` runs it (the repository's .dclintrc applies), with its JSON report per file.
 * One run for every file: loading the compose-spec schema is most of its time.
 */
function dclint(files: string[]): Map<string, LintMessage[]> {
  const run = spawnSync(process.execPath, [DCLINT, '--formatter', 'json', '--color', 'false', ...files], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  const reports = JSON.parse(run.stdout) as Array<{ filePath: string; messages: LintMessage[] }>;
  return new Map(reports.map((report) => [path.resolve(ROOT, report.filePath), report.messages]));
}

const errorsOf = (messages: LintMessage[] | undefined): LintMessage[] =>
  (messages ?? []).filter((message) => message.type === 'error');

interface ComposeService {
  build?: { args?: Record<string, string> };
  image?: string;
  environment?: Record<string, string>;
}

describe('docker/compose.yml', () => {
  const compose = parse(fs.readFileSync(COMPOSE, 'utf8'), { merge: true }) as {
    services: Record<string, ComposeService>;
  };

  // A file the compose spec refuses (restart_policy is not a service key), linted in the same run.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bazaar-compose-'));
  const broken = path.join(dir, 'compose.yml');
  let reports = new Map<string, LintMessage[]>();
  beforeAll(() => {
    fs.writeFileSync(broken, 'services:\n  web:\n    image: nginx:1.27\n    restart_policy: always\n');
    reports = dclint([COMPOSE, broken]);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('passes dclint (the compose-spec schema and its rules) without errors', () => {
    expect(reports.has(COMPOSE)).toBe(true);
    const errors = errorsOf(reports.get(COMPOSE));
    expect(errors.map((error) => `${error.line}: ${error.message} (${error.rule})`)).toEqual([]);
  });

  it('is checked for real: dclint reports a file the compose spec refuses', () => {
    const errors = errorsOf(reports.get(broken));
    expect(errors.map((error) => error.rule)).toEqual(['invalid-schema']);
    expect(errors[0].message).toContain('additionalProperties');
  });

  // An app left out on purpose is named in a comment line: `# not in compose: <app>, <why>`.
  const leftOut = [...fs.readFileSync(COMPOSE, 'utf8').matchAll(/^\s*# not in compose: ([\w-]+)/gm)].map(
    (match) => match[1],
  );

  it.each(appNames())('runs %s from its own image of docker/Dockerfile, on its ports', (app) => {
    if (leftOut.includes(app)) return;
    const service = compose.services[app];
    expect(service).toBeDefined();
    expect(service.build?.args?.APP).toBe(app);
    expect(service.image).toBe(`bazaar-${app}:local`);
    const entry = SERVICES[app as keyof typeof SERVICES];
    expect(service.environment?.[`${envPrefix(app)}_HTTP_PORT`]).toBe(String(entry.httpPort));
    if ('rpcPort' in entry) {
      expect(service.environment?.[`${envPrefix(app)}_RPC_PORT`]).toBe(String(entry.rpcPort));
    }
  });
});
