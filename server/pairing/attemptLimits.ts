import { AppError } from '../shared/errors.js';
import type { Limiter } from '../shared/rateLimit.js';
import type { PairingRepository } from './pairingRepository.js';

/** Who is asking, for the audit log and the per-IP limit. */
export interface RequestMeta {
  ip: string;
  userAgent: string | null;
}

/** Accept attempts allowed per user and per IP (10 an hour in production). */
export interface AttemptBudgets {
  attemptsByUser: Limiter;
  attemptsByIp: Limiter;
  pairings: PairingRepository;
}

/**
 * Spends one accept attempt on each budget before any lookup: counting up
 * front is atomic in the store, so parallel guesses cannot overrun the budget
 * the way check-then-count would. A spent budget answers 429 (rate_limited,
 * Retry-After) and leaves a failed_attempt audit row naming the limit.
 */
export async function spendAttempt(
  deps: AttemptBudgets,
  userId: number,
  meta: RequestMeta,
): Promise<void> {
  const budgets = [
    { limiter: deps.attemptsByUser, key: String(userId), limit: 'user' },
    { limiter: deps.attemptsByIp, key: meta.ip, limit: 'ip' },
  ];
  for (const { limiter, key, limit } of budgets) {
    try {
      await limiter.consume(key);
    } catch (err) {
      if (err instanceof AppError && err.code === 'rate_limited') {
        await deps.pairings.audit({
          action: 'failed_attempt',
          pairingId: null,
          actorUserId: userId,
          ip: meta.ip,
          userAgent: meta.userAgent,
          details: { reason: 'rate_limited', limit },
        });
      }
      throw err;
    }
  }
}
