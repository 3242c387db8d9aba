import { ConsoleLogger, Logger, LoggerService } from '@nestjs/common';
import { IsInt, Max, Min } from 'class-validator';
import { ConfigChanges, LiveConfig, LiveReload, liveKeysOf, ReloadOutcome } from '@bazaar/discovery';
import { ConfigError, loadConfig } from './load-config';
import { PlatformConfig } from './platform-config';

const SOURCE = 'Consul KV bazaar/example/config';

class ExampleConfig extends PlatformConfig {
  @LiveReload()
  @IsInt()
  @Min(1)
  @Max(10_000)
  RATE_LIMIT_GLOBAL: number = 600;

  @IsInt()
  @Min(1)
  WORKERS: number = 4;
}

/** Log lines as the platform's logger receives them. */
class RecordedLines implements LoggerService {
  readonly lines: Array<{ level: string; line: Record<string, unknown> }> = [];
  log = (line: Record<string, unknown>) => this.lines.push({ level: 'info', line });
  warn = (line: Record<string, unknown>) => this.lines.push({ level: 'warn', line });
  error = (line: Record<string, unknown>) => this.lines.push({ level: 'error', line });
}

/** A running service's config from `env`, reloaded from KV documents as the watch hands them over. */
function runningService(env: NodeJS.ProcessEnv = {}) {
  const config = loadConfig(ExampleConfig, env);
  const changes = new ConfigChanges();
  const outcomes: ReloadOutcome[] = [];
  const live = new LiveConfig({
    config,
    validate: (values) => loadConfig(ExampleConfig, env, { values, source: SOURCE }),
    liveKeys: liveKeysOf(ExampleConfig),
    changes,
    source: SOURCE,
    onOutcome: (outcome) => outcomes.push(outcome),
  });
  return { config, changes, outcomes, live };
}

describe('config from Consul KV', () => {
  let recorded: RecordedLines;
  beforeEach(() => {
    recorded = new RecordedLines();
    Logger.overrideLogger(recorded);
  });
  afterAll(() => {
    Logger.overrideLogger(new ConsoleLogger());
  });

  describe('a new document while running', () => {
    it.each([
      {
        case: 'a live variable is applied and logged with old and new value',
        env: {},
        document: '{"RATE_LIMIT_GLOBAL": 50}',
        expected: { RATE_LIMIT_GLOBAL: 50, WORKERS: 4 },
        outcomes: ['applied'],
        line: { level: 'info', line: { msg: 'config changed', key: 'RATE_LIMIT_GLOBAL', old: 600, new: 50 } },
      },
      {
        case: 'a live string variable (the log level)',
        env: {},
        document: '{"LOG_LEVEL": "debug"}',
        expected: { LOG_LEVEL: 'debug' },
        outcomes: ['applied'],
        line: { level: 'info', line: { msg: 'config changed', key: 'LOG_LEVEL', old: 'info', new: 'debug' } },
      },
      {
        case: 'a number given as a string, as the environment gives it',
        env: {},
        document: '{"RATE_LIMIT_GLOBAL": "75"}',
        expected: { RATE_LIMIT_GLOBAL: 75 },
        outcomes: ['applied'],
        line: { level: 'info', line: { msg: 'config changed', key: 'RATE_LIMIT_GLOBAL', old: 600, new: 75 } },
      },
      {
        case: 'a start-only variable is logged as needing a restart and not applied',
        env: {},
        document: '{"WORKERS": 8}',
        expected: { WORKERS: 4 },
        outcomes: ['restart_needed'],
        line: {
          level: 'warn',
          line: { msg: 'config change needs a restart', key: 'WORKERS', old: 4, new: 8 },
        },
      },
      {
        case: 'a document equal to the running values changes nothing',
        env: { RATE_LIMIT_GLOBAL: '50' },
        document: '{"RATE_LIMIT_GLOBAL": 50}',
        expected: { RATE_LIMIT_GLOBAL: 50 },
        outcomes: [],
        line: undefined,
      },
    ])('$case', ({ env, document, expected, outcomes, line }) => {
      const service = runningService(env);
      service.live.offer(document);
      expect(service.config).toMatchObject(expected);
      expect(service.outcomes).toEqual(outcomes);
      if (line)
        expect(recorded.lines).toContainEqual({
          level: line.level,
          line: expect.objectContaining(line.line),
        });
      else expect(recorded.lines).toEqual([]);
    });

    it.each([
      ['malformed JSON', '{"RATE_LIMIT_GLOBAL": 50', `${SOURCE}: not valid JSON`],
      ['a JSON array', '[50]', `${SOURCE}: not a JSON object of config variables (got an array)`],
      [
        'an unknown key',
        '{"RATE_LIMIT_GLOBL": 50}',
        `RATE_LIMIT_GLOBL (from ${SOURCE}): not a configuration variable`,
      ],
      ['a value out of range', '{"RATE_LIMIT_GLOBAL": 0}', `RATE_LIMIT_GLOBAL (got "0" from ${SOURCE})`],
      [
        'a value of the wrong type',
        '{"RATE_LIMIT_GLOBAL": "many"}',
        `RATE_LIMIT_GLOBAL (got "many" from ${SOURCE})`,
      ],
      [
        'a bad value beside a good one',
        '{"RATE_LIMIT_GLOBAL": 50, "LOG_LEVEL": "loud"}',
        `LOG_LEVEL (got "loud" from ${SOURCE})`,
      ],
    ])('refuses %s with one warning and keeps every running value', (_case, document, problem) => {
      const service = runningService();
      service.live.offer('{"RATE_LIMIT_GLOBAL": 100}');
      recorded.lines.length = 0;

      const result = service.live.offer(document);

      expect(result.outcome).toBe('refused');
      expect(service.config.RATE_LIMIT_GLOBAL).toBe(100);
      expect(service.config.LOG_LEVEL).toBe('info');
      expect(service.outcomes).toEqual(['applied', 'refused']);
      expect(recorded.lines).toHaveLength(1);
      expect(recorded.lines[0].level).toBe('warn');
      expect(String(recorded.lines[0].line.msg)).toContain(problem);
    });

    it.each([
      ['the environment', { RATE_LIMIT_GLOBAL: '300' }, 300],
      ['the default', {}, 600],
    ])('falls back to %s when a key is removed from KV', (_case, env, fallback) => {
      const service = runningService(env);
      service.live.offer('{"RATE_LIMIT_GLOBAL": 50, "LOG_LEVEL": "debug"}');
      service.live.offer('{"LOG_LEVEL": "debug"}');
      expect(service.config.RATE_LIMIT_GLOBAL).toBe(fallback);
      service.live.offer(undefined);
      expect(service.config.LOG_LEVEL).toBe('info');
    });
  });

  it('tells subscribers of the key after writing the config object, and them only', () => {
    const service = runningService();
    const heard: unknown[] = [];
    service.changes.on('RATE_LIMIT_GLOBAL', (value) => heard.push([value, service.config.RATE_LIMIT_GLOBAL]));
    const stop = service.changes.on('LOG_LEVEL', (value) => heard.push(value));
    stop();
    service.live.offer('{"RATE_LIMIT_GLOBAL": 20, "LOG_LEVEL": "warn"}');
    expect(heard).toEqual([[20, 20]]);
  });

  describe('at start (loadConfig with the KV document merged over the environment)', () => {
    it('takes KV over the environment, and the environment for the rest', () => {
      const config = loadConfig(
        ExampleConfig,
        { RATE_LIMIT_GLOBAL: '300', WORKERS: '6' },
        {
          values: { RATE_LIMIT_GLOBAL: 50 },
          source: SOURCE,
        },
      );
      expect(config).toMatchObject({ RATE_LIMIT_GLOBAL: 50, WORKERS: 6 });
    });

    it('names each bad variable once, saying which came from KV', () => {
      let error: unknown;
      try {
        loadConfig(
          ExampleConfig,
          { WORKERS: '0' },
          { values: { RATE_LIMIT_GLOBAL: 0, NOPE: 1 }, source: SOURCE },
        );
      } catch (thrown) {
        error = thrown;
      }
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems;
      expect(problems).toHaveLength(3);
      expect(problems.join('\n')).toContain(`RATE_LIMIT_GLOBAL (got "0" from ${SOURCE})`);
      expect(problems.join('\n')).toContain('WORKERS (got "0")');
      expect(problems.join('\n')).toContain(`NOPE (from ${SOURCE}): not a configuration variable`);
    });
  });
});
