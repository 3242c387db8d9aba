import { diffConfig } from './config-diff';
import { LiveReload, liveKeysOf } from './live-reload';

class BaseConfig {
  @LiveReload()
  LOG_LEVEL = 'info';
  HTTP_HOST = '127.0.0.1';
}

class AppConfig extends BaseConfig {
  @LiveReload()
  RATE_LIMIT_GLOBAL = 600;
  REDIS_URL?: string = undefined;
}

describe('liveKeysOf', () => {
  it("collects the class's live variables and its parents'", () => {
    expect([...liveKeysOf(AppConfig)].sort()).toEqual(['LOG_LEVEL', 'RATE_LIMIT_GLOBAL']);
  });

  it("leaves the parent's list as it was", () => {
    expect([...liveKeysOf(BaseConfig)]).toEqual(['LOG_LEVEL']);
  });
});

describe('diffConfig', () => {
  const live = liveKeysOf(AppConfig);
  const config = (values: Partial<AppConfig>) => Object.assign(new AppConfig(), values);

  it.each([
    ['nothing changed', {}, []],
    [
      'a live variable',
      { RATE_LIMIT_GLOBAL: 50 },
      [{ key: 'RATE_LIMIT_GLOBAL', oldValue: 600, newValue: 50, live: true }],
    ],
    [
      'a start-only variable',
      { HTTP_HOST: '0.0.0.0' },
      [{ key: 'HTTP_HOST', oldValue: '127.0.0.1', newValue: '0.0.0.0', live: false }],
    ],
    [
      'an unset variable given a value',
      { REDIS_URL: 'redis://r' },
      [{ key: 'REDIS_URL', oldValue: undefined, newValue: 'redis://r', live: false }],
    ],
    [
      'two at once, in declaration order',
      { LOG_LEVEL: 'debug', RATE_LIMIT_GLOBAL: 1 },
      [
        { key: 'LOG_LEVEL', oldValue: 'info', newValue: 'debug', live: true },
        { key: 'RATE_LIMIT_GLOBAL', oldValue: 600, newValue: 1, live: true },
      ],
    ],
  ])('%s', (_case, next, changes) => {
    expect(diffConfig(config({}), config(next), live)).toEqual(changes);
  });
});
