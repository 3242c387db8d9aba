import { ConfigError } from '@bazaar/platform';
import { loadToolsConfig } from './tools.config';

describe('the tools configuration', () => {
  it('defaults to pretty logs with colours, and the keys folder under BAZAAR_HOME', () => {
    expect(loadToolsConfig({})).toMatchObject({ BAZAAR_LOG_FORMAT: 'pretty' });
    expect(loadToolsConfig({}).NO_COLOR).toBeUndefined();
    expect(loadToolsConfig({}).JWT_KEYS_DIR).toBeUndefined();
  });

  it('refuses an unknown log format, naming the variable', () => {
    expect(() => loadToolsConfig({ BAZAAR_LOG_FORMAT: 'xml' })).toThrow(ConfigError);
    expect(() => loadToolsConfig({ BAZAAR_LOG_FORMAT: 'xml' })).toThrow(/BAZAAR_LOG_FORMAT \(got "xml"\)/);
  });
});
