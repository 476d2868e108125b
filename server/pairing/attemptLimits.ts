import { AppError } from '../shared/errors.js';
import type { Limiter } from '../shared/rateLimit.js';
import type { PairingRepository } from './pairingRepository.js';

/** Who is asking, for the audit log and the per-IP limit. */
export interface RequestMeta {
  ip: string;
  userAgent: string | null;
}

/** Failed accepts allowed per user per hour. */
export const FAILURES_PER_USER = 10;
/** Failed accepts allowed per IP per hour: many honest couples may share one address. */
export const FAILURES_PER_IP = 50;

/** The two budgets of failed accept attempts (successes do not count). */
export interface AttemptBudgets {
  attemptsByUser: Limiter;
  attemptsByIp: Limiter;
  pairings: PairingRepository;
}

const budgetsOf = (deps: AttemptBudgets, userId: number, meta: RequestMeta) => [
  { limiter: deps.attemptsByUser, key: String(userId), limit: 'user' },
  { limiter: deps.attemptsByIp, key: meta.ip, limit: 'ip' },
];

/**
 * Spends one accept attempt on each budget before any lookup: counting up
 * front is atomic in the store, so parallel guesses cannot overrun the budget
 * the way check-then-count would; a success gives it back (`refundAttempt`),
 * so only failures stay counted. A spent budget answers 429 (rate_limited,
 * Retry-After) and leaves a failed_attempt audit row naming the limit.
 */
export async function spendAttempt(
  deps: AttemptBudgets,
  userId: number,
  meta: RequestMeta,
): Promise<void> {
  for (const { limiter, key, limit } of budgetsOf(deps, userId, meta)) {
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

/** An accept succeeded: the attempt spent up front is given back to both budgets. */
export async function refundAttempt(
  deps: AttemptBudgets,
  userId: number,
  meta: RequestMeta,
): Promise<void> {
  await Promise.all(budgetsOf(deps, userId, meta).map(({ limiter, key }) => limiter.reward(key)));
}
