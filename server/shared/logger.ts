import { pino, type DestinationStream, type Logger } from 'pino';
import { currentRequestId } from './requestContext.js';

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

/** Where log lines go: stdout (the server), stderr (scripts whose stdout is their output), or a stream (tests). */
export type LogDestination = 'stdout' | 'stderr' | DestinationStream;

/** Creates the process logger (JSON lines on stdout unless told otherwise). */
export function createLogger(level: string, destination: LogDestination = 'stdout'): Logger {
  const options = {
    level,
    redact: { paths: REDACT, censor: '[redacted]' },
    // Every line written while handling a request, socket event or outbox job names it.
    mixin: () => {
      const requestId = currentRequestId();
      return requestId ? { requestId } : {};
    },
  };
  if (destination === 'stdout') return pino(options);
  return pino(options, destination === 'stderr' ? pino.destination(2) : destination);
}
