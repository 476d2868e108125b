import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../shared/logger.js';
import type { Mailer } from './mailer.js';

/**
 * Development without SMTP_URL: each mail is written to `DATA_DIR/mail/` as
 * a plain file (open it to follow a verification or reset link), and the log
 * says only that a mail of that kind went to that user id — links carry
 * tokens, which never go to the log.
 */
export function createFileMailer(opts: { dir: string; from: string; logger: Logger }): Mailer {
  return {
    async send(mail) {
      await mkdir(opts.dir, { recursive: true, mode: 0o700 });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${mail.kind}-${randomBytes(3).toString('hex')}.txt`;
      const file = path.join(opts.dir, name);
      const body = `From: ${opts.from}\nTo: ${mail.to}\nSubject: ${mail.subject}\n\n${mail.text}\n`;
      await writeFile(file, body, { mode: 0o600 });
      opts.logger.info(
        { kind: mail.kind, userId: mail.userId, file: name },
        'mail written to DATA_DIR/mail (no SMTP_URL)',
      );
    },
    close() {},
  };
}
