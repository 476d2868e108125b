import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Paths that may hold secrets or message content. Logs are for operators;
 * they never carry message text, tokens, passwords or push keys.
 */
const REDACT = [
  'password',
  '*.password',
  'text',
  '*.text',
  'token',
  '*.token',
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  'keys',
  '*.keys',
  'p256dh',
  'auth',
  '*.p256dh',
  '*.auth',
];

/** Creates the process logger (JSON lines on stdout). */
export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' } });
}
