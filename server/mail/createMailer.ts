import path from 'node:path';
import type { Config } from '../config.js';
import type { Logger } from '../shared/logger.js';
import { createFileMailer } from './fileMailer.js';
import type { Mailer } from './mailer.js';
import { createSmtpMailer } from './smtpMailer.js';

/**
 * The process's mailer: SMTP when SMTP_URL is set, else files under
 * DATA_DIR/mail (production refuses to start without SMTP_URL: config.ts).
 */
export function createMailer(config: Config, publicUrl: string, logger: Logger): Mailer {
  const from = config.MAIL_FROM ?? `Parley <no-reply@${new URL(publicUrl).hostname}>`;
  if (config.SMTP_URL) return createSmtpMailer({ url: config.SMTP_URL, from, logger });
  return createFileMailer({ dir: path.join(config.DATA_DIR, 'mail'), from, logger });
}
