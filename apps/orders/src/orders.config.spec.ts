import { ConfigError, loadConfig } from '@bazaar/platform';
import { OrdersConfig } from './orders.config';

const problemsOf = (env: NodeJS.ProcessEnv): string[] => {
  try {
    loadConfig(OrdersConfig, env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
};

describe('OrdersConfig', () => {
  it('keeps a saga lease longer than the payments call it may wait on', () => {
    expect(problemsOf({})).toEqual([]);
    expect(problemsOf({ ORDERS_SAGA_LEASE_MS: '4000', ORDERS_PAYMENTS_TIMEOUT_MS: '3000' })).toEqual([]);
    expect(problemsOf({ ORDERS_SAGA_LEASE_MS: '3000', ORDERS_PAYMENTS_TIMEOUT_MS: '3000' })).toEqual([
      expect.stringContaining('ORDERS_SAGA_LEASE_MS must be above ORDERS_PAYMENTS_TIMEOUT_MS'),
    ]);
    expect(problemsOf({ ORDERS_SAGA_LEASE_MS: '10000' })).toEqual([
      expect.stringContaining('ORDERS_SAGA_LEASE_MS must be above ORDERS_PAYMENTS_TIMEOUT_MS'),
    ]);
  });

  it('arms a crash point only by its name', () => {
    expect(loadConfig(OrdersConfig, {}).ORDERS_TEST_CRASH_AT).toBeUndefined();
    expect(loadConfig(OrdersConfig, { ORDERS_TEST_CRASH_AT: 'after-capture' }).ORDERS_TEST_CRASH_AT).toBe(
      'after-capture',
    );
    expect(problemsOf({ ORDERS_TEST_CRASH_AT: 'somewhere' })).toEqual([
      expect.stringContaining('ORDERS_TEST_CRASH_AT'),
    ]);
  });
});
