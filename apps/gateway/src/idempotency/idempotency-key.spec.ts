import { DomainError } from '@bazaar/platform';
import { callerScope, idempotencyKeyOf, requestFingerprint } from './idempotency-key';

describe('Idempotency-Key values', () => {
  it('accepts 1 to 200 printable ASCII characters, and no header where it is optional', () => {
    expect(idempotencyKeyOf('order:2026-11-30/#1', true)).toBe('order:2026-11-30/#1');
    expect(idempotencyKeyOf('k'.repeat(200), true)).toBe('k'.repeat(200));
    expect(idempotencyKeyOf(undefined, false)).toBeUndefined();
  });

  it.each([
    ['missing where required', undefined],
    ['empty', ''],
    ['too long', 'k'.repeat(201)],
    ['with a space', 'two words'],
    ['with a control character', 'a\u0001b'],
    ['not ASCII', 'café'],
    ['sent twice', ['a', 'b']],
  ])('refuses a key %s with VALIDATION_FAILED naming the header', (_, value) => {
    const refuse = () => idempotencyKeyOf(value, true);
    expect(refuse).toThrow(DomainError);
    expect(refuse).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }) as Error);
  });

  it('fingerprints method, route, caller and body, not the body’s key order', () => {
    const scope = callerScope('u1', '10.0.0.1');
    const base = requestFingerprint('POST', '/api/v1/orders', scope, { a: 1, b: [1, { c: 2, d: 3 }] });
    expect(requestFingerprint('POST', '/api/v1/orders', scope, { b: [1, { d: 3, c: 2 }], a: 1 })).toBe(base);
    for (const other of [
      requestFingerprint('POST', '/api/v1/products', scope, { a: 1, b: [1, { c: 2, d: 3 }] }),
      requestFingerprint('POST', '/api/v1/orders', callerScope('u2', '10.0.0.1'), {
        a: 1,
        b: [1, { c: 2, d: 3 }],
      }),
      requestFingerprint('POST', '/api/v1/orders', scope, { a: 1, b: [{ c: 2, d: 3 }, 1] }),
      requestFingerprint('POST', '/api/v1/orders', scope, { a: '1', b: [1, { c: 2, d: 3 }] }),
    ]) {
      expect(other).not.toBe(base);
    }
  });

  it('scopes a key to the signed-in user, else to the client address', () => {
    expect(callerScope('u1', '10.0.0.1')).toBe('user:u1');
    expect(callerScope(undefined, '10.0.0.1')).toBe('client:10.0.0.1');
  });
});
