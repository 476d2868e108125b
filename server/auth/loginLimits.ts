import { AppError } from '../shared/errors.js';
import { sharedLimiter, type Limiter, type RateLimitStore } from '../shared/rateLimit.js';

/** Free wrong passwords per (email, IP) before the first lock. */
export const FREE_FAILURES = 5;
/** Wrong passwords (any emails) one IP may make per 15 minutes. */
export const IP_FAILURES = 50;
const WINDOW_SECONDS = 15 * 60;
const FIRST_LOCK_SECONDS = 60;
const MAX_LOCK_SECONDS = 60 * 60;

/**
 * Login limits that stop guessers without locking the owner out:
 * - per (email, IP): FREE_FAILURES wrong passwords, then a lock that doubles
 *   with each lock in the day (1 min, 2, 4 … 1 h). Keyed by the pair, so an
 *   attacker's guesses from elsewhere never lock the owner's own address.
 * - per IP across emails: IP_FAILURES wrong passwords per 15 minutes, so one
 *   address cannot try one password against many accounts.
 * Only failures count; a success clears the pair's counters.
 */
export interface LoginLimits {
  /** Throws rate_limited (Retry-After) when either budget is spent. */
  check(email: string, ip: string): Promise<void>;
  failed(email: string, ip: string): Promise<void>;
  succeeded(email: string, ip: string): Promise<void>;
}

const pairKey = (email: string, ip: string) => `${email}|${ip}`;

/** Swallows rate_limited: counting a failure past the budget is not itself an error. */
const spend = (limiter: Limiter, key: string) =>
  limiter.consume(key).catch((err: unknown) => {
    if (!(err instanceof AppError && err.code === 'rate_limited')) throw err;
  });

/** The limits over shared counters (Postgres `rate_limits` or Redis), the same on every node. */
export function createLoginLimits(store: RateLimitStore): LoginLimits {
  const byPair = sharedLimiter(store, {
    name: 'login_pair',
    points: FREE_FAILURES,
    durationSeconds: WINDOW_SECONDS,
  });
  // Locks of one pair within a day: the exponent of the backoff.
  const locks = sharedLimiter(store, {
    name: 'login_pair_locks',
    points: 1000,
    durationSeconds: 24 * 60 * 60,
  });
  const byIp = sharedLimiter(store, {
    name: 'login_ip',
    points: IP_FAILURES,
    durationSeconds: WINDOW_SECONDS,
  });
  return {
    async check(email, ip) {
      await byIp.check(ip);
      await byPair.check(pairKey(email, ip));
    },
    async failed(email, ip) {
      const key = pairKey(email, ip);
      await spend(byIp, ip);
      await spend(byPair, key);
      if ((await byPair.remaining(key)) > 0) return;
      await spend(locks, key);
      const lockNumber = 1000 - (await locks.remaining(key));
      const seconds = Math.min(FIRST_LOCK_SECONDS * 2 ** (lockNumber - 1), MAX_LOCK_SECONDS);
      await byPair.block(key, seconds);
    },
    async succeeded(email, ip) {
      const key = pairKey(email, ip);
      await Promise.all([byPair.reset(key), locks.reset(key)]);
    },
  };
}
