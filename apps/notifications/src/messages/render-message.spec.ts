import { createEnvelope, IDENTITY_EVENTS } from '@bazaar/contracts';
import { renderMessages } from './render-message';

const user = { userId: '0192f3a4-5b6c-7d8e-9f00-112233445566', email: 'ada@example.com' };
const envelope = (type: string, payload: object) =>
  createEnvelope({ type, producer: 'identity', correlationId: 'r', aggregateId: user.userId, payload });

describe('renderMessages', () => {
  it('welcomes a new user by email, naming the account', () => {
    const [message] = renderMessages(
      envelope(IDENTITY_EVENTS.userRegistered.type, { ...user, registeredAt: '2026-11-25T10:00:00.000Z' }),
    );
    expect(message.channel).toBe('email');
    expect(message.subject).toBe('Welcome to Bazaar');
    expect(message.body).toContain('ada@example.com');
  });

  it('tells when the password changed, in UTC', () => {
    const [message] = renderMessages(
      envelope(IDENTITY_EVENTS.userPasswordChanged.type, { ...user, changedAt: '2026-11-25T10:07:31.000Z' }),
    );
    expect(message.subject).toBe('Your Bazaar password was changed');
    expect(message.body).toContain('2026-11-25 at 10:07 UTC');
  });

  it('refuses an event it has no template for', () => {
    expect(() => renderMessages(envelope('catalog.product.created.v1', {}))).toThrow(/no message template/);
  });
});
