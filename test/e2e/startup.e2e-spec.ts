import { spawn } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../support/free-port';
import { entryOf } from '../support/platform';

/**
 * Start-up as an orchestrator sees it: bad configuration refuses to start, naming the variable; a stop requested
 * while the service is still starting is honoured gracefully.
 */
describe('start-up (e2e)', () => {
  const start = (env: NodeJS.ProcessEnv) =>
    new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn(process.execPath, [entryOf('gateway')], {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('exit', (code) => resolve({ code, output }));
    });

  it.each([
    [{ GATEWAY_HTTP_PORT: 'eighty' }, 'GATEWAY_HTTP_PORT (got "eighty")'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL (got "loud")'],
    [{ SHUTDOWN_TIMEOUT_MS: '-5' }, 'SHUTDOWN_TIMEOUT_MS (got "-5")'],
    [{ LOG_REQUESTS: 'maybe' }, 'LOG_REQUESTS (got "maybe")'],
  ])(
    '%j stops start-up with exit code 1 naming the variable',
    async (env, expected) => {
      const { code, output } = await start(env);
      expect(code).toBe(1);
      const lines = output
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { level: string; problems?: string[] });
      const fatal = lines.filter((line) => line.level === 'fatal');
      expect(fatal).toHaveLength(1);
      expect(fatal[0].problems?.join('\n')).toContain(expected);
      expect(output).not.toContain('.js:');
    },
    30_000,
  );

  it('a SIGTERM that arrives while the service is still starting ends in a graceful stop, exit code 0', async () => {
    // The fixture sends the signal as the HTTP server begins to bind: after the app exists, before it is ready.
    const preload = path.join(__dirname, '..', 'fixtures', 'sigterm-on-listen.js');
    const { code, output } = await start({
      GATEWAY_HTTP_PORT: String(await freePort()),
      // Quoted: a checkout path may contain spaces.
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require "${preload}"`.trim(),
    });
    expect(code).toBe(0);
    const messages = output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => (JSON.parse(line) as { msg?: string }).msg);
    expect(messages).toEqual(expect.arrayContaining(['shutting down', 'stopped']));
  }, 30_000);
});
