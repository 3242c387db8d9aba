import net from 'node:net';
import { LoggerService, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { IsInt, Max, Min } from 'class-validator';
import Consul from 'consul';
import { register } from 'prom-client';
import { ConfigChanges, ConsulUnreachableError, LiveReload } from '@bazaar/discovery';
import { APP_CONFIG, ConfigError, PlatformConfig, PlatformModule } from '@bazaar/platform';
import { ConsulTestServer } from '../../../test/support/consul/consul-test-server';
import { eventually } from '../../../test/support/eventually';
import { freePort } from '../../../test/support/free-port';

const KEY = 'bazaar/notifications/config';
const SOURCE = `Consul KV ${KEY}`;

class KvTestConfig extends PlatformConfig {
  /** Live. */
  @LiveReload()
  @IsInt()
  @Min(1)
  @Max(100)
  LIVE_LIMIT: number = 10;

  @IsInt()
  @Min(1)
  START_ONLY: number = 1;
}

@Module({ imports: [PlatformModule.forRoot({ service: 'notifications', config: KvTestConfig })] })
class KvTestModule {}

interface Line {
  level: 'info' | 'warn' | 'error';
  fields: Record<string, unknown>;
}

/** What the platform's logger receives: Nest's logger interface, as the service's pino logger implements it. */
class RecordedLog implements LoggerService {
  readonly lines: Line[] = [];
  log = (message: unknown) => this.record('info', message);
  warn = (message: unknown) => this.record('warn', message);
  error = (message: unknown) => this.record('error', message);

  with(msg: string): Line[] {
    return this.lines.filter((line) => typeof line.fields.msg === 'string' && line.fields.msg.includes(msg));
  }

  private record(level: Line['level'], message: unknown) {
    const fields = typeof message === 'object' && message !== null ? message : { msg: String(message) };
    this.lines.push({ level, fields: fields as Record<string, unknown> });
  }
}

interface RunningService {
  app: NestFastifyApplication;
  config: KvTestConfig;
  log: RecordedLog;
  close(): Promise<void>;
}

/** The platform module of a service, started as a service starts it, with `env` as its environment. */
async function startService(env: Record<string, string>): Promise<RunningService> {
  const saved = { ...process.env };
  Object.assign(process.env, { LOG_LEVEL: 'warn', ...env });
  const log = new RecordedLog();
  try {
    const app = await NestFactory.create<NestFastifyApplication>(KvTestModule, new FastifyAdapter(), {
      logger: log,
      abortOnError: false,
    });
    await app.init();
    return { app, config: app.get<KvTestConfig>(APP_CONFIG), log, close: () => app.close() };
  } finally {
    process.env = saved;
  }
}

async function reloads(outcome: string): Promise<number> {
  const metric = await register.getSingleMetric('config_reloads_total')?.get();
  return metric?.values.find((value) => value.labels.outcome === outcome)?.value ?? 0;
}

/** The start-up error of a service that must refuse to start. */
async function startFailure(env: Record<string, string>): Promise<Error> {
  const started = await startService(env).then(
    async (service) => {
      await service.close();
      return undefined;
    },
    (error: Error) => error,
  );
  if (!started) throw new Error('the service started');
  return started;
}

/** A TCP server on `port` that closes every connection at once, counting them. */
async function hangUpOn(port: number): Promise<{ connections: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const state = { connections: 0 };
  const server = net.createServer((socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen({ port, host: '127.0.0.1' }, resolve));
  return {
    get connections() {
      return state.connections;
    },
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Config from Consul KV against the Consul API test server, through the real consul client: the document merged
 * over the environment at start, then followed with blocking queries while the service runs.
 */
describe('config from Consul KV (integration)', () => {
  let consul: ConsulTestServer;
  let kv: Consul;

  beforeAll(async () => {
    consul = await ConsulTestServer.start();
    kv = new Consul({ host: '127.0.0.1', port: consul.port });
  });

  afterAll(async () => {
    kv?.destroy();
    await consul?.close();
  });

  describe('a running service', () => {
    let service: RunningService;
    const heard: unknown[] = [];

    beforeAll(async () => {
      register.resetMetrics();
      await kv.kv.set(KEY, '{"LIVE_LIMIT": 5}');
      service = await startService({ CONSUL_URL: consul.url, LIVE_LIMIT: '3', START_ONLY: '2' });
      service.app.get(ConfigChanges).on('LIVE_LIMIT', (value) => heard.push(value));
    });

    afterAll(async () => {
      await service?.close();
    });

    const liveLimit = () => Promise.resolve(service.config.LIVE_LIMIT);

    it('starts with the KV document merged over the environment', () => {
      expect(service.config.LIVE_LIMIT).toBe(5);
      expect(service.config.START_ONLY).toBe(2);
    });

    it('applies a change to a live variable, logs its old and new value and tells subscribers', async () => {
      await kv.kv.set(KEY, '{"LIVE_LIMIT": 7}');
      await eventually(liveLimit, (value) => value === 7, 5_000, 'LIVE_LIMIT 7');
      expect(service.log.with('config changed')).toEqual([
        {
          level: 'info',
          fields: expect.objectContaining({ key: 'LIVE_LIMIT', old: 5, new: 7, source: SOURCE }) as unknown,
        },
      ]);
      expect(heard).toEqual([7]);
      expect(await reloads('applied')).toBe(1);
    });

    it('refuses malformed JSON with one warning and keeps the running values', async () => {
      await kv.kv.set(KEY, '{"LIVE_LIMIT": 8');
      await eventually(
        () => Promise.resolve(service.log.with('config refused')),
        (lines) => lines.length > 0,
        5_000,
        'the refusal',
      );
      const [refusal] = service.log.with('config refused');
      expect(refusal.level).toBe('warn');
      expect(refusal.fields.msg).toContain(`${SOURCE}: not valid JSON`);
      expect(service.config.LIVE_LIMIT).toBe(7);
      expect(await reloads('refused')).toBe(1);
    });

    it('refuses a value out of range and keeps the running one', async () => {
      await kv.kv.set(KEY, '{"LIVE_LIMIT": 1000}');
      await eventually(
        () => reloads('refused'),
        (count) => count === 2,
        5_000,
        'a second refusal',
      );
      expect(service.log.with('config refused').at(-1)?.fields.msg).toContain(
        `LIVE_LIMIT (got "1000" from ${SOURCE}): LIVE_LIMIT must not be greater than 100`,
      );
      expect(service.config.LIVE_LIMIT).toBe(7);
      expect(heard).toEqual([7]);
    });

    it('logs a change to a start-only variable as needing a restart, and does not apply it', async () => {
      await kv.kv.set(KEY, '{"LIVE_LIMIT": 7, "START_ONLY": 9}');
      await eventually(
        () => reloads('restart_needed'),
        (count) => count === 1,
        5_000,
        'the restart notice',
      );
      expect(service.log.with('needs a restart')).toEqual([
        {
          level: 'warn',
          fields: expect.objectContaining({ key: 'START_ONLY', old: 2, new: 9 }) as unknown,
        },
      ]);
      expect(service.config.START_ONLY).toBe(2);
    });

    it('takes the environment value back when the key is deleted', async () => {
      await kv.kv.del(KEY);
      await eventually(liveLimit, (value) => value === 3, 5_000, 'LIVE_LIMIT back to 3');
      expect(heard).toEqual([7, 3]);
    });

    it('keeps its config while Consul is away, says so once, and follows the key again when it is back', async () => {
      await consul.stop();
      await eventually(
        () => Promise.resolve(service.log.with('Consul KV unreachable')),
        (lines) => lines.length > 0,
        5_000,
        'the warning',
      );
      // While it is away, something on its port hangs up on every connection: each retry of the watch is seen.
      const stranger = await hangUpOn(consul.port);
      await eventually(
        () => Promise.resolve(stranger.connections),
        (n) => n >= 2,
        10_000,
        'two retries',
      );
      await stranger.close();
      expect(service.config.LIVE_LIMIT).toBe(3);
      expect(service.log.with('Consul KV unreachable')).toHaveLength(1);
      await consul.restart();
      await kv.kv.set(KEY, '{"LIVE_LIMIT": 11}');
      // The watch retries with back-off (200 ms, 400 ms, ... at most 30 s): a few seconds here.
      await eventually(liveLimit, (value) => value === 11, 15_000, 'LIVE_LIMIT 11');
      expect(service.log.with('Consul KV unreachable')).toHaveLength(1);
      expect(service.log.with('Consul KV reachable again')).toHaveLength(1);
    });
  });

  describe('at start', () => {
    afterEach(async () => {
      await kv.kv.del(KEY);
    });

    it('refuses a bad value from KV, naming the variable and where it came from', async () => {
      await kv.kv.set(KEY, '{"LIVE_LIMIT": 0, "NOT_A_VARIABLE": 1}');
      const error = await startFailure({ CONSUL_URL: consul.url });
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual([
        `LIVE_LIMIT (got "0" from ${SOURCE}): LIVE_LIMIT must not be less than 1`,
        `NOT_A_VARIABLE (from ${SOURCE}): not a configuration variable of this service`,
      ]);
    });

    it('refuses a document that is not JSON', async () => {
      await kv.kv.set(KEY, 'LIVE_LIMIT=5');
      const error = await startFailure({ CONSUL_URL: consul.url });
      expect((error as ConfigError).problems?.[0]).toMatch(new RegExp(`^${SOURCE}: not valid JSON`));
    });

    it('starts on the environment when the key does not exist', async () => {
      const service = await startService({ CONSUL_URL: consul.url, LIVE_LIMIT: '4' });
      expect(service.config.LIVE_LIMIT).toBe(4);
      await service.close();
    });

    it('reads and follows the document with the ACL token when Consul requires one', async () => {
      const token = 'kv-config-test-token';
      const guarded = await ConsulTestServer.start({ requiredToken: token });
      const client = new Consul({ host: '127.0.0.1', port: guarded.port, defaults: { token } });
      try {
        await client.kv.set(KEY, '{"LIVE_LIMIT": 12}');
        const refused = await startFailure({ CONSUL_URL: guarded.url });
        expect(refused).toBeInstanceOf(ConsulUnreachableError);
        const service = await startService({ CONSUL_URL: guarded.url, CONSUL_TOKEN: token });
        expect(service.config.LIVE_LIMIT).toBe(12);
        await client.kv.set(KEY, '{"LIVE_LIMIT": 13}');
        await eventually(
          () => Promise.resolve(service.config.LIVE_LIMIT),
          (value) => value === 13,
          5_000,
          'LIVE_LIMIT 13',
        );
        await service.close();
      } finally {
        client.destroy();
        await guarded.close();
      }
    });

    it('refuses to start when Consul does not answer, naming CONSUL_URL', async () => {
      const nowhere = `http://127.0.0.1:${await freePort()}`;
      const error = await startFailure({ CONSUL_URL: nowhere });
      expect(error).toBeInstanceOf(ConsulUnreachableError);
      expect(error.message).toContain(`CONSUL_URL=${nowhere}`);
      expect(error.message).toContain('DISCOVERY_STATIC_FALLBACK=true');
    });

    it('starts on the environment alone, with a warning, when DISCOVERY_STATIC_FALLBACK allows it', async () => {
      const nowhere = `http://127.0.0.1:${await freePort()}`;
      const service = await startService({
        CONSUL_URL: nowhere,
        DISCOVERY_STATIC_FALLBACK: 'true',
        LIVE_LIMIT: '6',
      });
      expect(service.config.LIVE_LIMIT).toBe(6);
      expect(service.log.with(`${SOURCE} unreachable at start`)).toHaveLength(1);
      await service.close();
    });
  });
});
