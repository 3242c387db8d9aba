import { createHash } from 'node:crypto';
import { newClientSecret, productionSettings, ProfileError, RPC_CLIENTS } from './production-profile';

const SERVERS = {
  BAZAAR_POSTGRES_URL: 'postgresql://app:pw@db.internal:5432/postgres',
  RABBITMQ_URL: 'amqp://app:pw@mq.internal:5672/bazaar',
  REDIS_URL: 'redis://cache.internal:6379',
};
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The problems productionSettings refuses `env` with; fails when it accepts it. */
function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    productionSettings(env);
  } catch (error) {
    if (error instanceof ProfileError) return error.problems;
    throw error;
  }
  throw new Error('expected the settings to be refused');
}

describe('the production profile settings', () => {
  it('name a database per service on BAZAAR_POSTGRES_URL, with the prefix, unless a URL is given', () => {
    const { shared, derived } = productionSettings({
      ...SERVERS,
      BAZAAR_DATABASE_PREFIX: 'shop_',
      ORDERS_DATABASE_URL: 'postgresql://orders@other:5432/orders_main',
    });
    expect(shared.CATALOG_DATABASE_URL).toBe('postgresql://app:pw@db.internal:5432/shop_catalog');
    expect(shared.IDENTITY_DATABASE_URL).toBe('postgresql://app:pw@db.internal:5432/shop_identity');
    expect(shared.ORDERS_DATABASE_URL).toBe('postgresql://orders@other:5432/orders_main');
    expect(derived).toContain('shop_payments');
    expect(derived).not.toContain('shop_orders');
  });

  it('give each RPC client its own generated secret and identity the SHA-256 of each', () => {
    const secrets = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((letter) => letter.repeat(43));
    let next = 0;
    const { shared, perService, generated } = productionSettings(SERVERS, () => secrets[next++]);
    expect(shared.SERVICE_AUTH).toBe('required');
    expect(generated).toEqual(RPC_CLIENTS);
    expect(RPC_CLIENTS).toEqual(expect.arrayContaining(['gateway', 'orders', 'catalog']));
    expect(RPC_CLIENTS).not.toContain('psp-sandbox');
    const clients = shared.SERVICE_CLIENTS.split(',');
    RPC_CLIENTS.forEach((service, index) => {
      expect(perService[service]).toEqual({
        SERVICE_CLIENT_ID: service,
        SERVICE_CLIENT_SECRET: secrets[index],
      });
      expect(clients).toContain(`${service}:${sha256(secrets[index])}`);
    });
    expect(new Set(Object.values(perService).map((env) => env?.SERVICE_CLIENT_SECRET)).size).toBe(
      RPC_CLIENTS.length,
    );
  });

  it('take a secret given as <SERVICE>_CLIENT_SECRET, and keep the clients identity was already given', () => {
    const secret = 'gateway-secret-from-the-vault-0123';
    const { shared, perService, generated } = productionSettings({
      ...SERVERS,
      GATEWAY_CLIENT_SECRET: secret,
      SERVICE_CLIENTS: `reporting:${sha256('reporting secret of twenty-four+')}`,
    });
    expect(perService.gateway?.SERVICE_CLIENT_SECRET).toBe(secret);
    expect(generated).not.toContain('gateway');
    expect(shared.SERVICE_CLIENTS.split(',')).toEqual(
      expect.arrayContaining([`gateway:${sha256(secret)}`, expect.stringMatching(/^reporting:/)]),
    );
  });

  it('generate 32 random bytes per secret', () => {
    const secret = newClientSecret();
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    expect(newClientSecret()).not.toBe(secret);
  });

  it('refuse what the profile cannot run without, one line each', () => {
    expect(problems({})).toEqual([
      expect.stringMatching(/^RABBITMQ_URL is not set/),
      expect.stringMatching(/^REDIS_URL is not set/),
      expect.stringMatching(/^PostgreSQL: set BAZAAR_POSTGRES_URL .* or IDENTITY_DATABASE_URL, CATALOG_/),
    ]);
    expect(
      problems({
        ...SERVERS,
        EVENT_BUS: 'postgres',
        SERVICE_AUTH: 'off',
        SERVICE_CLIENT_SECRET: 'one secret for every service, shared',
        ORDERS_CLIENT_SECRET: 'short',
        BAZAAR_DATABASE_PREFIX: 'Shop-',
      }),
    ).toEqual([
      expect.stringMatching(/^EVENT_BUS=postgres: the production profile's bus is RabbitMQ/),
      expect.stringMatching(/^SERVICE_AUTH=off: /),
      expect.stringMatching(/^SERVICE_CLIENT_SECRET is set: .* <SERVICE>_CLIENT_SECRET/),
      expect.stringMatching(/^BAZAAR_DATABASE_PREFIX=Shop-: /),
      'ORDERS_CLIENT_SECRET must be 24 to 256 characters',
    ]);
  });
});
