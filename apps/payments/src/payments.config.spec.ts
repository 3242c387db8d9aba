import { liveKeysOf } from '@bazaar/discovery';
import { ConfigError, loadConfig } from '@bazaar/platform';
import { PaymentsConfig, PROVIDER_POLICY_LIVE_KEYS } from './payments.config';

describe('PaymentsConfig', () => {
  it('refuses a provider policy whose fields disagree, naming the problem', () => {
    const env = { PAYMENTS_PROVIDER_ATTEMPT_TIMEOUT_MS: '5000', PAYMENTS_PROVIDER_TOTAL_TIMEOUT_MS: '1000' };
    let error: unknown;
    try {
      loadConfig(PaymentsConfig, env);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.join('\n')).toMatch(
      /PAYMENTS_PROVIDER_TOTAL_TIMEOUT_MS \(got "1000"\): the provider policy is inconsistent: totalTimeoutMs must be at least attemptTimeoutMs/,
    );
  });

  it('marks live exactly the policy variables the running breaker takes, besides the platform’s', () => {
    const live = [...liveKeysOf(PaymentsConfig)].filter((key) => key.startsWith('PAYMENTS_'));
    expect(live.sort()).toEqual([...PROVIDER_POLICY_LIVE_KEYS].sort());
  });
});
