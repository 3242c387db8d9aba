import { RequestContext } from './request-context';

describe('RequestContext', () => {
  it('accepts well-formed ids and replaces anything else', () => {
    expect(RequestContext.acceptOrCreate('abc-123_x.y:z')).toBe('abc-123_x.y:z');
    for (const bad of ['', 'has space', 'line\nbreak', 'x'.repeat(129), undefined, ['a', 'b']]) {
      expect(RequestContext.acceptOrCreate(bad)).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('keeps the id across awaits inside run() and nowhere else', async () => {
    const seen = await RequestContext.run({ requestId: 'r-1' }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return RequestContext.requestId();
    });
    expect(seen).toBe('r-1');
    expect(RequestContext.requestId()).toBeUndefined();
  });
});
