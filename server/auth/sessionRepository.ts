import type { Queryable } from '../db/pool.js';

/**
 * All SQL about login sessions (connect-pg-simple's `session` table; its
 * `expire` is a timestamp written with to_timestamp, so it is compared the
 * same way) and the pruning of expired rate-limit counters.
 */
export function createSessionRepository(db: Queryable) {
  const nowSeconds = () => Date.now() / 1000;
  return {
    /** Of these session ids, the ones still stored and unexpired. */
    async live(sessionIds: string[]): Promise<Set<string>> {
      if (sessionIds.length === 0) return new Set();
      const { rows } = await db.query<{ sid: string }>(
        'SELECT sid FROM session WHERE sid = ANY($1::text[]) AND expire > to_timestamp($2)',
        [sessionIds, nowSeconds()],
      );
      return new Set(rows.map((r) => r.sid));
    },

    /** Deletes the user's sessions, except `keep` when given; returns the deleted ids. */
    async deleteForUser(userId: number, keep?: string): Promise<string[]> {
      const { rows } = await db.query<{ sid: string }>(
        `DELETE FROM session WHERE sess->>'userId' = $1::text AND sid <> $2 RETURNING sid`,
        [String(userId), keep ?? ''],
      );
      return rows.map((r) => r.sid);
    },

    /** Deletes expired sessions; returns how many. */
    async pruneSessions(): Promise<number> {
      const { rowCount } = await db.query('DELETE FROM session WHERE expire < to_timestamp($1)', [
        nowSeconds(),
      ]);
      return rowCount ?? 0;
    },

    /** Deletes expired rate-limit counters (`expire` in epoch ms; NULL never expires). */
    async pruneRateLimits(): Promise<number> {
      const { rowCount } = await db.query('DELETE FROM rate_limits WHERE expire < $1', [
        Date.now(),
      ]);
      return rowCount ?? 0;
    },
  };
}

export type SessionRepository = ReturnType<typeof createSessionRepository>;
