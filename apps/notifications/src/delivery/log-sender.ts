import { Logger } from '@nestjs/common';
import { NotificationSender, OutgoingEmail } from './notification-sender';

/** The embedded profile's channel: no mail server, so the message is logged (and stays readable in the API). */
export class LogSender implements NotificationSender {
  readonly name = 'log';
  private readonly log = new Logger('Email');

  async send(email: OutgoingEmail): Promise<void> {
    this.log.log({ msg: 'email delivered to the log (no SMTP_URL)', to: email.to, subject: email.subject });
    await Promise.resolve();
  }
}
