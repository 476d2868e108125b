import nodemailer from 'nodemailer';
import type { Logger } from '../shared/logger.js';
import type { Mailer } from './mailer.js';

/**
 * Mail over SMTP (`SMTP_URL`, e.g. smtps://user:pass@smtp.example.org:465 or
 * smtp://host:587, STARTTLS when the server offers it). One pooled transport
 * per process. The log says which kind of mail went to which user id — never
 * the address's contents or the text.
 */
export function createSmtpMailer(opts: { url: string; from: string; logger: Logger }): Mailer {
  const transport = nodemailer.createTransport(opts.url, { from: opts.from });
  return {
    async send(mail) {
      await transport.sendMail({ to: mail.to, subject: mail.subject, text: mail.text });
      opts.logger.info({ kind: mail.kind, userId: mail.userId }, 'mail sent');
    },
    close() {
      transport.close();
    },
  };
}
