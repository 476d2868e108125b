import { createHmac, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Queryable } from '../db/pool.js';

/** What a mailed link is for. */
export type TokenPurpose = 'verify_email' | 'reset_password';

/** A token as it appears in a link: 32 random bytes, base64url. */
export const mailTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'is not a valid link token');

/**
 * Single-use, expiring tokens for mailed links (table `auth_tokens`). The
 * token exists only in the mail; the database keeps an HMAC of it under a key
 * derived from the session secret, so neither a database dump nor a guess
 * yields a working link. Using a token and checking it is one UPDATE: two
 * clicks race, one wins.
 */
export function createMailTokens(deps: { db: Queryable; secret: string }) {
  const key = createHmac('sha256', deps.secret).update('parley mail tokens v1').digest();
  const digest = (token: string) => createHmac('sha256', key).update(token).digest('hex');

  return {
    /** A new token for `userId`, bound to the address the link is mailed to. */
    async issue(
      userId: number,
      email: string,
      purpose: TokenPurpose,
      ttlSeconds: number,
    ): Promise<string> {
      const token = randomBytes(32).toString('base64url');
      await deps.db.query(
        `INSERT INTO auth_tokens (user_id, purpose, token_hash, email, expires_at)
         VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))`,
        [userId, purpose, digest(token), email, ttlSeconds],
      );
      return token;
    },

    /** Spends a live token of this purpose: its user and address, or undefined (unknown, used, expired). */
    async use(
      token: string,
      purpose: TokenPurpose,
    ): Promise<{ userId: number; email: string } | undefined> {
      const { rows } = await deps.db.query<{ user_id: number; email: string }>(
        `UPDATE auth_tokens SET used_at = now()
          WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()
          RETURNING user_id, email`,
        [digest(token), purpose],
      );
      const row = rows[0];
      return row && { userId: row.user_id, email: row.email };
    },

    /** Voids every live token of the user for this purpose (a reset voids the other reset links). */
    async revoke(userId: number, purpose: TokenPurpose): Promise<void> {
      await deps.db.query(
        `UPDATE auth_tokens SET used_at = now()
          WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL`,
        [userId, purpose],
      );
    },

    /** Deletes tokens expired for a day (pruning). */
    async prune(): Promise<number> {
      const { rowCount } = await deps.db.query(
        `DELETE FROM auth_tokens WHERE expires_at < now() - interval '1 day'`,
      );
      return rowCount ?? 0;
    },
  };
}

export type MailTokens = ReturnType<typeof createMailTokens>;
