import { decodeCursor, encodeCursor } from './product-cursor';
import { escapeLike } from './product-search';

describe('product cursor', () => {
  const id = '01a20f31-5f4a-7405-b92e-ebc40fca8685';

  it('round-trips the last id of a page', () => {
    expect(decodeCursor(encodeCursor(id))).toBe(id);
  });

  it.each([
    ['not base64url', 'abc$'],
    ['valid base64url of something else', Buffer.from('hello').toString('base64url')],
    ['right prefix, not a uuid', Buffer.from('p1:123').toString('base64url')],
    ['a bare uuid', id],
    ['too long', 'a'.repeat(101)],
  ])('rejects %s', (_label, cursor) => {
    expect(decodeCursor(cursor)).toBeUndefined();
  });
});

describe('escapeLike', () => {
  it('escapes LIKE wildcards and the escape character so search text matches itself', () => {
    expect(escapeLike('100%_off\\')).toBe('100\\%\\_off\\\\');
    expect(escapeLike('plain text')).toBe('plain text');
  });
});
