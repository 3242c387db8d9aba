import { nestsDeeperThan } from './json-body';

const json = (text: string) => Buffer.from(text, 'utf8');

describe('nestsDeeperThan', () => {
  it('allows exactly the limit and refuses one level more, arrays and objects alike', () => {
    expect(nestsDeeperThan(json('['.repeat(32) + ']'.repeat(32)), 32)).toBe(false);
    expect(nestsDeeperThan(json('['.repeat(33) + ']'.repeat(33)), 32)).toBe(true);
    expect(nestsDeeperThan(json('{"a":'.repeat(33) + '1' + '}'.repeat(33)), 32)).toBe(true);
    expect(nestsDeeperThan(json('['.repeat(20_000) + ']'.repeat(20_000)), 32)).toBe(true);
  });

  it('counts depth, not brackets: siblings do not add up', () => {
    expect(nestsDeeperThan(json(`[${'[[1]],'.repeat(1000)}[]]`), 3)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes and backslashes included', () => {
    const text = JSON.stringify({ note: '[[[[[[[[{{{{{{{{ \\" [[[[[', quote: '"[[[[[[[[[', slash: '[[\\' });
    expect(nestsDeeperThan(json(text), 2)).toBe(false);
    const deepAfterStrings = `[${JSON.stringify('a\\"[[[[')},[${JSON.stringify('\\')},[[1]]]]`;
    expect(nestsDeeperThan(json(deepAfterStrings), 3)).toBe(true);
    expect(nestsDeeperThan(json(deepAfterStrings), 4)).toBe(false);
  });

  it('reads multi-byte characters as the text they are', () => {
    expect(nestsDeeperThan(json(JSON.stringify({ name: 'Ärmel — 靴 [[[[' })), 1)).toBe(false);
  });
});
