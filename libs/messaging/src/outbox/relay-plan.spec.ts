import { publishInOrder } from './relay-plan';

const event = (seq: number, aggregateId: string) => ({ seq: String(seq), aggregateId });

describe('publishInOrder', () => {
  it('publishes each aggregate in recorded order, aggregates side by side', async () => {
    const batch = [event(1, 'a'), event(2, 'b'), event(3, 'a'), event(4, 'c'), event(5, 'b'), event(6, 'a')];
    const published: string[] = [];
    const outcome = await publishInOrder(
      batch,
      async (e) => {
        // Later aggregates finish first: order must still hold within each one.
        await new Promise((resolve) => setTimeout(resolve, e.aggregateId === 'a' ? 5 : 1));
        published.push(e.seq);
      },
      3,
    );
    const orderOf = (aggregateId: string) =>
      published.filter((seq) => batch.find((e) => e.seq === seq)!.aggregateId === aggregateId);
    expect(orderOf('a')).toEqual(['1', '3', '6']);
    expect(orderOf('b')).toEqual(['2', '5']);
    expect(outcome.sent).toHaveLength(6);
    expect(outcome.failed).toEqual([]);
  });

  it('stops an aggregate at its first failure and keeps going with the others', async () => {
    const batch = [event(1, 'a'), event(2, 'b'), event(3, 'a'), event(4, 'b'), event(5, 'a')];
    const attempted: string[] = [];
    const outcome = await publishInOrder(
      batch,
      async (e) => {
        attempted.push(e.seq);
        if (e.seq === '3') throw new Error('broker said no');
      },
      2,
    );
    expect(outcome.sent.map((e) => e.seq).sort()).toEqual(['1', '2', '4']);
    expect(outcome.failed.map((f) => f.event.seq)).toEqual(['3']);
    // Event 5 of aggregate a must wait for 3: publishing it now would overtake.
    expect(attempted).not.toContain('5');
  });

  it('never runs more than `concurrency` publishes at once', async () => {
    const batch = Array.from({ length: 20 }, (_, i) => event(i + 1, `agg-${i}`));
    let inFlight = 0;
    let peak = 0;
    await publishInOrder(
      batch,
      async () => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 2));
        inFlight -= 1;
      },
      4,
    );
    expect(peak).toBe(4);
  });

  it('does nothing for an empty batch', async () => {
    const publish = jest.fn();
    await expect(publishInOrder([], publish, 8)).resolves.toEqual({ sent: [], failed: [] });
    expect(publish).not.toHaveBeenCalled();
  });
});
