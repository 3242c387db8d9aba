import type * as Nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import { NotificationSender, OutgoingEmail } from './notification-sender';

/** Sends through an SMTP server (nodemailer), with a bound on every phase so a dead server cannot hang a worker. */
export class SmtpSender implements NotificationSender {
  readonly name = 'smtp';
  private readonly transport: Transporter;

  constructor(
    url: string,
    private readonly from: string,
    timeoutMs: number,
  ) {
    const options = new URL(url);
    // Required here, not on import: without SMTP_URL notifications never loads nodemailer
    // (docs/adr/0016-service-memory.md).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createTransport } = require('nodemailer') as typeof Nodemailer;
    this.transport = createTransport({
      host: options.hostname,
      port: Number(options.port) || (options.protocol === 'smtps:' ? 465 : 587),
      secure: options.protocol === 'smtps:',
      auth: options.username
        ? { user: decodeURIComponent(options.username), pass: decodeURIComponent(options.password) }
        : undefined,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
      // A loopback test server or an internal relay may not offer TLS; production URLs use smtps:// or STARTTLS.
      ignoreTLS: options.searchParams.get('tls') === 'off',
    });
  }

  async send(email: OutgoingEmail): Promise<void> {
    await this.transport.sendMail({
      from: this.from,
      to: email.to,
      subject: email.subject,
      text: email.text,
    });
  }

  close(): void {
    this.transport.close();
  }
}
