import type { Logger } from '../shared/logger.js';

/** What each mail is for: logged instead of its content. */
export type MailKind =
  | 'verify_email'
  | 'password_reset'
  | 'password_changed'
  | 'pairing_invitation'
  | 'professional_invitation';

/** One plain-text mail. `userId` (when the recipient has an account) is what the log names. */
export interface Mail {
  kind: MailKind;
  to: string;
  subject: string;
  text: string;
  userId?: number;
}

/** Sends mail. The text holds links whose tokens are credentials: never log it. */
export interface Mailer {
  /** Resolves when the mail is handed to the transport; rejects when it was not. */
  send(mail: Mail): Promise<void>;
  close(): void;
}

/**
 * Sends without making the caller wait or fail: for mails whose failure must
 * not undo what the request did (the account exists even if its verification
 * mail bounced), and whose timing must not tell whether an account exists.
 */
export function sendInBackground(mailer: Mailer, logger: Logger, mail: Mail): void {
  mailer.send(mail).catch((err: unknown) => {
    logger.warn(
      { kind: mail.kind, userId: mail.userId, err: (err as Error)?.message },
      'mail not sent',
    );
  });
}
