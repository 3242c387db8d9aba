import { ConfigError, loadConfig, PlatformConfig } from '@bazaar/platform';
import { configuredDatabaseUrl, embeddedPort } from './database-connection';
import { loadPersistenceConfig } from './persistence.config';

const problemsOf = (load: () => unknown): string => {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.join('\n');
    throw error;
  }
  throw new Error('the configuration was accepted');
};

/** A bad value stops start-up naming the variable: it never falls back to a default in silence. */
describe('database and RPC settings', () => {
  it('reads the pool size and the embedded port, with their defaults', () => {
    expect(loadPersistenceConfig({})).toMatchObject({ DATABASE_POOL_MAX: 10, BAZAAR_PG_PORT: 54329 });
    expect(loadPersistenceConfig({ DATABASE_POOL_MAX: '4', BAZAAR_PG_PORT: '6000' })).toMatchObject({
      DATABASE_POOL_MAX: 4,
      BAZAAR_PG_PORT: 6000,
    });
  });

  it.each([
    ['DATABASE_POOL_MAX', 'ten'],
    ['DATABASE_POOL_MAX', '0'],
    ['BAZAAR_PG_PORT', '70000'],
    ['BAZAAR_PG_PORT', 'x'],
  ])('refuses %s=%s', (variable, value) => {
    expect(problemsOf(() => loadPersistenceConfig({ [variable]: value }))).toContain(
      `${variable} (got "${value}")`,
    );
  });

  it('refuses a bad embedded port where the launcher and the bus read it', () => {
    expect(problemsOf(() => embeddedPort({ BAZAAR_PG_PORT: '-1' }))).toContain('BAZAAR_PG_PORT');
  });

  it('refuses a database URL that is not PostgreSQL, without printing it', () => {
    const problems = problemsOf(() =>
      configuredDatabaseUrl('catalog', { CATALOG_DATABASE_URL: 'mysql://u:secret@db/catalog' }),
    );
    expect(problems).toContain('CATALOG_DATABASE_URL');
    expect(problems).not.toContain('secret');
    expect(configuredDatabaseUrl('catalog', { CATALOG_DATABASE_URL: 'postgresql://db/catalog' })).toBe(
      'postgresql://db/catalog',
    );
    expect(configuredDatabaseUrl('catalog', {})).toBeUndefined();
  });

  it('refuses a bad RPC_TIMEOUT_MS', () => {
    expect(problemsOf(() => loadConfig(PlatformConfig, { RPC_TIMEOUT_MS: 'soon' }))).toContain(
      'RPC_TIMEOUT_MS (got "soon")',
    );
    expect(loadConfig(PlatformConfig, {}).RPC_TIMEOUT_MS).toBe(3_000);
  });
});
