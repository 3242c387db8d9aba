import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../support/free-port';

const ROOT = path.resolve(__dirname, '..', '..');
const BASH = ['/bin/bash', '/usr/bin/bash'].find((candidate) => fs.existsSync(candidate)) ?? 'bash';

/** `.ci/requirements` as `.ci/run` runs it, with only the environment given (PATH included). */
function requirements(env: Record<string, string>) {
  const result = spawnSync(BASH, [path.join(ROOT, '.ci', 'requirements')], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * CI runs every suite or fails: `.ci/run` checks Chromium, RabbitMQ and Redis first and stops, naming what is
 * missing, where the suites would otherwise skip (or, for a server that is down, fail obscurely).
 */
describe('.ci/requirements (what .ci/run checks before testing)', () => {
  let bin: string;
  beforeAll(() => {
    bin = fs.mkdtempSync(path.join(os.tmpdir(), 'bazaar-ci-bin-'));
  });
  afterAll(() => fs.rmSync(bin, { recursive: true, force: true }));

  it('fails naming each of Chromium, promtool, RabbitMQ and Redis when it is missing', async () => {
    const [rabbitPort, redisPort] = [await freePort(), await freePort()];
    const { code, stdout, stderr } = requirements({
      PATH: bin,
      TEST_RABBITMQ_URL: `amqp://guest:guest@127.0.0.1:${rabbitPort}/vhost`,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('Chromium: none of chromium, chromium-browser, google-chrome on PATH');
    expect(stderr).toContain('promtool: not on PATH (apt-get install -y prometheus)');
    expect(stderr).toContain(`RabbitMQ: nothing answers at 127.0.0.1:${rabbitPort} (TEST_RABBITMQ_URL)`);
    expect(stderr).toContain(`Redis: nothing answers at 127.0.0.1:${redisPort} (REDIS_URL)`);
  });

  it('finds Chromium under whichever name PATH has it, and passes with promtool there and both servers answering', async () => {
    const browser = path.join(bin, 'chromium-browser');
    fs.writeFileSync(browser, '#!/bin/sh\n', { mode: 0o755 });
    fs.writeFileSync(path.join(bin, 'promtool'), '#!/bin/sh\n', { mode: 0o755 });
    const servers = [
      net.createServer((socket) => socket.destroy()),
      net.createServer((socket) => socket.destroy()),
    ];
    const ports: number[] = [];
    for (const server of servers) {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      ports.push((server.address() as net.AddressInfo).port);
    }
    try {
      const { code, stdout, stderr } = requirements({
        PATH: bin,
        TEST_RABBITMQ_URL: `amqp://guest:guest@127.0.0.1:${ports[0]}`,
        REDIS_URL: `redis://127.0.0.1:${ports[1]}`,
      });
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(stdout.trim()).toBe(`CHROMIUM_PATH=${browser}`);
    } finally {
      for (const server of servers) await new Promise((resolve) => server.close(resolve));
    }
  });

  it('refuses a CHROMIUM_PATH or PROMTOOL_PATH that is not an executable, naming it', () => {
    const { code, stderr } = requirements({
      PATH: bin,
      CHROMIUM_PATH: '/nowhere/chromium',
      PROMTOOL_PATH: '/nowhere/promtool',
    });
    expect(code).toBe(1);
    expect(stderr).toContain('Chromium: CHROMIUM_PATH=/nowhere/chromium is not an executable');
    expect(stderr).toContain('promtool: PROMTOOL_PATH=/nowhere/promtool is not an executable');
  });
});
