import { pageOf } from './page-query';

describe('pageOf', () => {
  const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];

  it('shows at most `limit` items and points at the last one when the extra row says more follow', () => {
    expect(pageOf(rows, 2, (row) => row.id.toUpperCase())).toEqual({ items: ['A', 'B'], nextCursor: 'b' });
  });

  it('has no cursor on the last page', () => {
    expect(pageOf(rows, 3, (row) => row.id)).toEqual({ items: ['a', 'b', 'c'], nextCursor: null });
    expect(pageOf([], 3, (row: { id: string }) => row.id)).toEqual({ items: [], nextCursor: null });
  });

  it('encodes the cursor when the list has an encoding of its own', () => {
    expect(
      pageOf(
        rows,
        1,
        (row) => row,
        (last) => `after:${last.id}`,
      ).nextCursor,
    ).toBe('after:a');
  });
});
