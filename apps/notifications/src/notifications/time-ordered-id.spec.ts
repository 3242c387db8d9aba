import { timeOrderedId } from './time-ordered-id';

describe('timeOrderedId', () => {
  it('is a version 7 UUID', () => {
    const id = timeOrderedId(new Date('2026-11-25T10:00:00.000Z'));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('sorts by the time it was made for, not by when it was made', () => {
    const later = timeOrderedId(new Date('2026-11-25T10:00:00.001Z'));
    const earlier = timeOrderedId(new Date('2026-11-25T10:00:00.000Z'));
    expect([later, earlier].sort()).toEqual([earlier, later]);
  });

  it('carries the milliseconds in its first 48 bits', () => {
    const at = new Date('2026-11-25T10:00:00.123Z');
    const id = timeOrderedId(at);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at.getTime());
  });
});
