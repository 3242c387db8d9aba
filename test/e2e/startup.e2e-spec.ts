import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { eventually } from '../support/eventually';
import { freePort } from '../support/free-port';
import { entryOf } from '../support/platform';

/**
 * Start-up as an orchestrator sees it: bad configuration refuses to start, naming the variable; a port that is
 * taken stops start-up at once, naming the port; a stop requested while the service is still starting, or while
 * it is stopping, ends the process within SHUTDOWN_TIMEOUT_MS.
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
  const logLines = (output: string) =>
    output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: string; msg?: string; port?: number; variable?: string });
  const preload = (fixture: string) =>
    // Quoted: a checkout path may contain spaces.
    `${process.env.NODE_OPTIONS ?? ''} --require "${path.join(__dirname, '..', 'fixtures', fixture)}"`.trim();

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

  describe('a port that is taken', () => {
    let holder: net.Server;
    let taken: number;
    beforeAll(async () => {
      holder = net.createServer();
      await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
      taken = (holder.address() as net.AddressInfo).port;
    });
    afterAll(() => new Promise<void>((resolve) => holder.close(() => resolve())));

    // An unreachable database: binding comes before any query, so none is needed to reach it.
    const noDatabase = 'postgresql://nobody@127.0.0.1:1/none';
    it.each([
      ['gateway', 'GATEWAY_HTTP_PORT', {}],
      ['catalog', 'CATALOG_HTTP_PORT', { CATALOG_DATABASE_URL: noDatabase }],
      ['catalog', 'CATALOG_RPC_PORT', { CATALOG_DATABASE_URL: noDatabase }],
      ['inventory', 'INVENTORY_RPC_PORT', { INVENTORY_DATABASE_URL: noDatabase }],
    ])(
      '%s with %s taken exits with code 1, naming the port',
      async (app, variable, env) => {
        const ports: NodeJS.ProcessEnv = {};
        for (const name of ['HTTP_PORT', 'RPC_PORT'])
          ports[`${app.toUpperCase()}_${name}`] = String(await freePort());
        const child = spawn(process.execPath, [entryOf(app)], {
          env: {
            ...process.env,
            CATALOG_SEED: 'false',
            INVENTORY_SEED: 'false',
            ...env,
            ...ports,
            [variable]: String(taken),
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
        expect(code).toBe(1);
        const fatal = logLines(output).filter((line) => line.level === 'fatal');
        expect(fatal).toEqual([expect.objectContaining({ port: taken, variable })]);
        expect(fatal[0].msg).toContain(`cannot listen on port ${taken} (${variable})`);
        // It never said it was ready.
        expect(logLines(output).map((line) => line.msg)).not.toContain(`${app} ready`);
      },
      30_000,
    );
  });

  it('a SIGTERM during a start-up that cannot finish ends the process at SHUTDOWN_TIMEOUT_MS, exit code 1', async () => {
    // The fixture sends SIGTERM as the HTTP server begins to bind, and the bind never completes.
    const { code, output } = await start({
      GATEWAY_HTTP_PORT: String(await freePort()),
      SHUTDOWN_TIMEOUT_MS: '1000',
      NODE_OPTIONS: preload('sigterm-and-hang-on-listen.js'),
    });
    expect(code).toBe(1);
    const lines = logLines(output);
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'error',
        msg: 'shutdown did not finish within SHUTDOWN_TIMEOUT_MS, exiting',
      }),
    );
    expect(lines.map((line) => line.msg)).not.toContain('gateway ready');
  }, 30_000);

  it('a SIGTERM whose shutdown outlasts SHUTDOWN_TIMEOUT_MS ends the process at the bound, exit code 1', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [entryOf('gateway')], {
      // Draining alone takes longer than the bound allows.
      env: {
        ...process.env,
        GATEWAY_HTTP_PORT: String(port),
        SHUTDOWN_DRAIN_MS: '60000',
        SHUTDOWN_TIMEOUT_MS: '1000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await eventually(
      () => Promise.resolve(output.includes('"gateway ready"')),
      Boolean,
      20_000,
      'gateway ready',
    );
    child.kill('SIGTERM');
    expect(await exited).toBe(1);
    const messages = logLines(output).map((line) => line.msg);
    expect(messages).toEqual(
      expect.arrayContaining([
        'shutting down',
        'shutdown did not finish within SHUTDOWN_TIMEOUT_MS, exiting',
      ]),
    );
    expect(messages).not.toContain('stopped');
  }, 30_000);
});
