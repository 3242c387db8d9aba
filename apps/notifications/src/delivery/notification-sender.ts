export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
}

/** Where a rendered message goes. Resolves once the channel accepted it; rejects with the reason otherwise. */
export interface NotificationSender {
  readonly name: string;
  send(email: OutgoingEmail): Promise<void>;
  close?(): void;
}

export const NOTIFICATION_SENDER = Symbol('NOTIFICATION_SENDER');
