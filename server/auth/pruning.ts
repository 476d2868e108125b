import type { Logger } from '../shared/logger.js';
import type { MailTokens } from './mailTokens.js';
import type { SessionRepository } from './sessionRepository.js';

/**
 * Deletes expired sessions and rate-limit counters on a timer, so neither
 * table grows forever (connect-pg-simple's and rate-limiter-flexible's own
 * timers are off: they would run per process and per limiter). Any node may
 * run it; the DELETEs are idempotent.
 */
export function startPruning(deps: {
  sessions: SessionRepository;
  tokens: MailTokens;
  logger: Logger;
  intervalMs: number;
}): {
  stop(): void;
  runOnce(): Promise<{ sessions: number; rateLimits: number; tokens: number }>;
} {
  async function runOnce() {
    const sessions = await deps.sessions.pruneSessions();
    const rateLimits = await deps.sessions.pruneRateLimits();
    const tokens = await deps.tokens.prune();
    return { sessions, rateLimits, tokens };
  }
  const timer = setInterval(() => {
    runOnce().then(
      (pruned) => deps.logger.debug(pruned, 'expired sessions and counters pruned'),
      (err: unknown) => deps.logger.warn({ err }, 'pruning failed'),
    );
  }, deps.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer), runOnce };
}
