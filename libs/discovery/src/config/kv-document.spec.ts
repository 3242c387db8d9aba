import { parseKvDocument } from './kv-document';

describe('parseKvDocument', () => {
  it.each([
    ['an absent key', undefined, {}],
    ['an empty value', '', {}],
    ['an empty object', '{}', {}],
    [
      'scalars',
      '{"RATE_LIMIT_GLOBAL": 50, "LOG_LEVEL": "debug", "TRUST_PROXY": true}',
      {
        RATE_LIMIT_GLOBAL: 50,
        LOG_LEVEL: 'debug',
        TRUST_PROXY: true,
      },
    ],
    [
      'null, dropped so the variable falls back',
      '{"LOG_LEVEL": null, "RPC_TIMEOUT_MS": 500}',
      {
        RPC_TIMEOUT_MS: 500,
      },
    ],
  ])('reads %s', (_case, text, values) => {
    expect(parseKvDocument(text)).toEqual({ ok: true, values });
  });

  it.each([
    ['malformed JSON', '{"LOG_LEVEL": "debug"', /^not valid JSON/],
    ['an array', '[1, 2]', /not a JSON object of config variables \(got an array\)/],
    ['a string', '"debug"', /not a JSON object of config variables \(got a string\)/],
    ['null', 'null', /not a JSON object of config variables \(got null\)/],
    [
      'a nested object',
      '{"LOG_LEVEL": {"level": "debug"}}',
      /LOG_LEVEL must be a string, number or boolean \(got an object\)/,
    ],
    [
      'a list value',
      '{"CORS_ORIGINS": ["a"]}',
      /CORS_ORIGINS must be a string, number or boolean \(got an array\)/,
    ],
  ])('refuses %s', (_case, text, problem) => {
    const document = parseKvDocument(text);
    expect(document.ok).toBe(false);
    expect(document.ok ? '' : document.problem).toMatch(problem);
  });
});
