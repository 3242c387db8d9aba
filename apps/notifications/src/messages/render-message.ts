import {
  EventEnvelope,
  IDENTITY_EVENTS,
  ORDERS_EVENTS,
  OrderCancelledV1,
  OrderConfirmedV1,
  OrderRefundedV1,
  UserPasswordChangedV1,
  UserRegisteredV1,
} from '@bazaar/contracts';
import { orderCancelledEmail, orderConfirmedEmail, orderRefundedEmail } from './order-messages';
import { RenderedMessage } from './rendered-message';

/** The messages one event produces, one per channel (email for now). */
export function renderMessages(event: EventEnvelope): RenderedMessage[] {
  switch (event.type) {
    case IDENTITY_EVENTS.userRegistered.type:
      return [welcomeEmail(event.payload as UserRegisteredV1)];
    case IDENTITY_EVENTS.userPasswordChanged.type:
      return [passwordChangedEmail(event.payload as UserPasswordChangedV1)];
    case ORDERS_EVENTS.orderConfirmed.type:
      return [orderConfirmedEmail(event.payload as OrderConfirmedV1)];
    case ORDERS_EVENTS.orderCancelled.type:
      return [orderCancelledEmail(event.payload as OrderCancelledV1)];
    case ORDERS_EVENTS.orderRefunded.type:
      return [orderRefundedEmail(event.payload as OrderRefundedV1)];
    default:
      throw new Error(`no message template for ${event.type}`);
  }
}

function welcomeEmail(payload: UserRegisteredV1): RenderedMessage {
  return {
    channel: 'email',
    subject: 'Welcome to Bazaar',
    body: [
      'Hello,',
      '',
      `your Bazaar account ${payload.email} is ready. You can sign in and start shopping now.`,
      '',
      'If you did not create this account, reply to this email and we will close it.',
      '',
      'The Bazaar team',
    ].join('\n'),
  };
}

function passwordChangedEmail(payload: UserPasswordChangedV1): RenderedMessage {
  return {
    channel: 'email',
    subject: 'Your Bazaar password was changed',
    body: [
      'Hello,',
      '',
      `the password of your Bazaar account ${payload.email} was changed on ${formatUtc(payload.changedAt)}.`,
      'Every other session was signed out.',
      '',
      'If this was not you, reset your password at once and contact us.',
      '',
      'The Bazaar team',
    ].join('\n'),
  };
}

function formatUtc(iso: string): string {
  return `${iso.slice(0, 10)} at ${iso.slice(11, 16)} UTC`;
}
