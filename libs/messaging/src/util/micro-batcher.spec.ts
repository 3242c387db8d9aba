import { MicroBatcher } from './micro-batcher';

describe('MicroBatcher', () => {
  it('flushes the calls of one event-loop turn together', async () => {
    const batches: number[][] = [];
    const batcher = new MicroBatcher<number>(async (items) => {
      batches.push(items);
      await Promise.resolve();
    });
    await Promise.all([batcher.add(1), batcher.add(2), batcher.add(3)]);
    await batcher.add(4);
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('rejects every call of a failed batch, and only those', async () => {
    let fail = true;
    const batcher = new MicroBatcher<string>(async () => {
      if (fail) throw new Error('bus down');
      await Promise.resolve();
    });
    const first = Promise.allSettled([batcher.add('a'), batcher.add('b')]);
    expect((await first).map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await expect(batcher.add('c')).resolves.toBeUndefined();
  });

  it('never lets a batch grow past its limit', async () => {
    const sizes: number[] = [];
    const batcher = new MicroBatcher<number>(async (items) => {
      sizes.push(items.length);
      await Promise.resolve();
    }, 2);
    await Promise.all([1, 2, 3, 4, 5].map((n) => batcher.add(n)));
    expect(sizes).toEqual([2, 2, 1]);
  });
});
