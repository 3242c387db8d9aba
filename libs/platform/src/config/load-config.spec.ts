import { IsInt, IsString, IsUrl, Min } from 'class-validator';
import { ConfigError, loadConfig } from './load-config';
import { PlatformConfig } from './platform-config';

class ExampleConfig extends PlatformConfig {
  @IsInt()
  @Min(1)
  WORKERS: number = 4;

  @IsUrl({ require_tld: false })
  UPSTREAM_URL!: string;

  @IsString()
  NAME: string = 'example';
}

describe('loadConfig', () => {
  it('reads variables, converts their types and keeps defaults', () => {
    const config = loadConfig(ExampleConfig, {
      WORKERS: '8',
      UPSTREAM_URL: 'http://localhost:1',
      LOG_REQUESTS: 'false',
    });
    expect(config.WORKERS).toBe(8);
    expect(config.NAME).toBe('example');
    expect(config.LOG_LEVEL).toBe('info');
    expect(config.LOG_REQUESTS).toBe(false);
  });

  it('names every bad or missing variable in one error', () => {
    let error: unknown;
    try {
      loadConfig(ExampleConfig, { WORKERS: '0', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toContain('WORKERS (got "0")');
    expect(problems).toContain('UPSTREAM_URL (not set)');
    expect(problems).toContain('LOG_LEVEL (got "loud")');
  });
});
