import { nulViolations } from './nul-characters';

describe('nulViolations', () => {
  it('names every string that holds U+0000, nested fields and array items by their path', () => {
    expect(
      nulViolations({
        email: 'a\u0000b@example.com',
        displayName: 'fine',
        changes: { name: '\u0000', tags: ['ok', 'bad\u0000'] },
      }).map((violation) => violation.field),
    ).toEqual(['email', 'changes.name', 'changes.tags.1']);
  });

  it('names a single parameter by its own name, and says what is wrong', () => {
    expect(nulViolations('a\u0000', 'q')).toEqual([
      { field: 'q', messages: ['q must not contain the NUL character (U+0000)'] },
    ]);
  });

  it('walks a parsed query string, whose object has a prototype without a constructor', () => {
    const query = Object.create(Object.create(null) as object) as Record<string, unknown>;
    query.q = 'merino\u0000';
    expect(nulViolations(query).map((violation) => violation.field)).toEqual(['q']);
  });

  it('refuses the character in an object key too', () => {
    expect(nulViolations({ ['x\u0000']: 1 }).map((violation) => violation.field)).toEqual(['x\u0000']);
  });

  it('accepts everything else: other control characters, numbers, nulls, empty values', () => {
    expect(nulViolations({ a: '\u0001\u001f\u007f', b: 1, c: null, d: [], e: {}, f: '' })).toEqual([]);
    expect(nulViolations(undefined)).toEqual([]);
  });

  it('does not walk into class instances, and stops on a cycle', () => {
    const cyclic: Record<string, unknown> = { name: 'ok' };
    cyclic.self = cyclic;
    expect(nulViolations({ when: new Date(), buffer: Buffer.from([0]), cyclic })).toEqual([]);
  });
});
