import { decodeOrderCursor, encodeOrderCursor } from './order-cursor';

const ORDER = '01a22e07-5c18-72cd-b45e-3a2b18c1a3fd';

describe('the order lists’ cursor', () => {
  it('is opaque and reads back as the id it was made from', () => {
    const cursor = encodeOrderCursor(ORDER);
    expect(cursor).not.toContain(ORDER);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeOrderCursor(cursor)).toBe(ORDER);
  });

  it.each([
    ['a bare id', ORDER],
    ['another encoding', Buffer.from(`p1:${ORDER}`).toString('base64url')],
    ['not an id inside', Buffer.from('o1:not-an-id').toString('base64url')],
    ['characters outside base64url', 'o1:abc+/='],
    ['too long', 'a'.repeat(101)],
  ])('refuses %s', (_what, cursor) => {
    expect(decodeOrderCursor(cursor)).toBeUndefined();
  });
});
