import { reasonOf } from './disposition';

describe('reasonOf', () => {
  it('names the error and keeps its message', () => {
    expect(reasonOf(new TypeError('boom'))).toBe('TypeError: boom');
  });

  it('keeps only the last line of a multi-line message, never the quoted source around it', () => {
    const prismaLike = new Error(
      '\nInvalid `tx.notification.createMany()` invocation in\n/somewhere/notifications.service.ts:28:23\n\n' +
        '  27 |   const x = 1;\n→ 28 |   tx.notification.createMany(\nDatabase error. Code: `23514`. Message: `violates check`',
    );
    expect(reasonOf(prismaLike)).toBe('Error: Database error. Code: `23514`. Message: `violates check`');
  });

  it('reads a message from a plain object and bounds its length', () => {
    expect(reasonOf({ message: 'rpc failed' })).toBe('rpc failed');
    expect(reasonOf('x'.repeat(5_000))).toHaveLength(1_000);
  });
});
