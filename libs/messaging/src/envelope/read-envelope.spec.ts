import { createEnvelope, IDENTITY_EVENTS } from '@bazaar/contracts';
import { readEnvelope } from './read-envelope';

const registered = () =>
  createEnvelope({
    type: IDENTITY_EVENTS.userRegistered.type,
    producer: 'identity',
    correlationId: 'req-1',
    aggregateId: '6f1c1a55-7d3e-4f6e-9a43-2d2f0f3c9b11',
    payload: {
      userId: '6f1c1a55-7d3e-4f6e-9a43-2d2f0f3c9b11',
      email: 'ada@example.com',
      registeredAt: '2026-11-25T10:00:00.000Z',
    },
  });

describe('readEnvelope', () => {
  it('accepts a well-formed envelope of a known type', () => {
    const envelope = registered();
    const read = readEnvelope(JSON.parse(JSON.stringify(envelope)));
    expect(read.ok).toBe(true);
    expect(read.envelope).toEqual(envelope);
  });

  it('creates a fresh UUID and an ISO timestamp for each event', () => {
    const [a, b] = [registered(), registered()];
    expect(a.id).not.toBe(b.id);
    expect(a.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Date(a.occurredAt).toISOString()).toBe(a.occurredAt);
  });

  it.each([
    ['a string', 'hello'],
    ['an array', []],
    ['null', null],
    ['an envelope without an id', { ...registered(), id: undefined }],
    ['an envelope whose id is not a UUID', { ...registered(), id: '42' }],
    ['a type without a version', { ...registered(), type: 'identity.user.registered' }],
    ['a payload that is not an object', { ...registered(), payload: 'x' }],
  ])('calls %s malformed', (_name, body) => {
    const read = readEnvelope(body);
    expect(read).toMatchObject({ ok: false, problem: 'malformed' });
  });

  it('names an unknown type or version, keeping the envelope for the dead letter', () => {
    const body = { ...registered(), type: 'identity.user.registered.v9' };
    const read = readEnvelope(body);
    expect(read).toMatchObject({ ok: false, problem: 'unknown-type' });
    expect(read.ok ? '' : read.reason).toContain('identity.user.registered.v9');
    expect(read.envelope).toEqual(body);
  });

  it('names each invalid payload field', () => {
    const envelope = registered();
    const read = readEnvelope({ ...envelope, payload: { ...envelope.payload, email: 'nope', extra: 1 } });
    expect(read).toMatchObject({ ok: false, problem: 'invalid-payload' });
    const reason = read.ok ? '' : read.reason;
    expect(reason).toContain('email');
    expect(reason).toContain('extra');
  });
});
