import type { Queryable } from '../db/pool.js';

/** A push_subscriptions row. */
export interface SubscriptionRow {
  id: number;
  user_id: number;
  endpoint: string;
  p256dh: string;
  auth: string;
  user_agent: string | null;
  include_text: boolean;
  is_active: boolean;
  failure_count: number;
  created_at: Date;
  updated_at: Date;
  last_used_at: Date | null;
}

const COLUMNS = `id, user_id, endpoint, p256dh, auth, user_agent, include_text, is_active,
  failure_count, created_at, updated_at, last_used_at`;

/** All SQL about push subscriptions (and the text an opted-in push may show). */
export function createPushRepository(db: Queryable) {
  return {
    /**
     * Saves a subscription by endpoint. The caller's own endpoint seen before
     * takes the fresh keys and is active again; another user's endpoint is
     * left alone and undefined returned (moving it would let anyone who
     * learns an endpoint redirect someone else's pushes).
     */
    async upsert(input: {
      userId: number;
      endpoint: string;
      p256dh: string;
      auth: string;
      userAgent: string | null;
      includeText: boolean;
    }): Promise<{ row: SubscriptionRow; created: boolean } | undefined> {
      const { rows } = await db.query<SubscriptionRow & { created: boolean }>(
        `INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth, user_agent, include_text)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (endpoint) DO UPDATE
           SET user_id = EXCLUDED.user_id, p256dh = EXCLUDED.p256dh, auth = EXCLUDED.auth,
               user_agent = EXCLUDED.user_agent, include_text = EXCLUDED.include_text,
               is_active = true, failure_count = 0, updated_at = now()
         WHERE push_subscriptions.user_id = EXCLUDED.user_id
         RETURNING ${COLUMNS}, (xmax = 0) AS created`,
        [
          input.userId,
          input.endpoint,
          input.p256dh,
          input.auth,
          input.userAgent,
          input.includeText,
        ],
      );
      if (!rows[0]) return undefined;
      const { created, ...row } = rows[0];
      return { row, created };
    },

    async deleteOwned(userId: number, endpoint: string): Promise<boolean> {
      const { rowCount } = await db.query(
        'DELETE FROM push_subscriptions WHERE user_id = $1 AND endpoint = $2',
        [userId, endpoint],
      );
      return (rowCount ?? 0) > 0;
    },

    async activeIdsOf(userId: number, tx: Queryable = db): Promise<number[]> {
      const { rows } = await tx.query<{ id: number }>(
        'SELECT id FROM push_subscriptions WHERE user_id = $1 AND is_active ORDER BY id',
        [userId],
      );
      return rows.map((r) => r.id);
    },

    async findById(id: number, tx: Queryable = db): Promise<SubscriptionRow | undefined> {
      const { rows } = await tx.query<SubscriptionRow>(
        `SELECT ${COLUMNS} FROM push_subscriptions WHERE id = $1`,
        [id],
      );
      return rows[0];
    },

    async markDelivered(id: number, tx: Queryable = db): Promise<void> {
      await tx.query(
        'UPDATE push_subscriptions SET last_used_at = now(), failure_count = 0 WHERE id = $1',
        [id],
      );
    },

    async deactivate(id: number, tx: Queryable = db): Promise<void> {
      await tx.query(
        'UPDATE push_subscriptions SET is_active = false, updated_at = now() WHERE id = $1',
        [id],
      );
    },

    async countFailure(id: number): Promise<void> {
      await db.query(
        'UPDATE push_subscriptions SET failure_count = failure_count + 1 WHERE id = $1',
        [id],
      );
    },

    /** A message's text, only if `userId` is in its room. */
    async messageTextFor(messageId: number, userId: number, tx: Queryable = db) {
      const { rows } = await tx.query<{ text: string }>(
        `SELECT m.text FROM messages m
          JOIN room_members rm ON rm.room_id = m.room_id AND rm.user_id = $2
         WHERE m.id = $1`,
        [messageId, userId],
      );
      return rows[0]?.text;
    },

    /** A notification's body, only if it is `userId`'s. */
    async notificationBodyFor(notificationId: number, userId: number, tx: Queryable = db) {
      const { rows } = await tx.query<{ body: string | null }>(
        'SELECT body FROM notifications WHERE id = $1 AND user_id = $2',
        [notificationId, userId],
      );
      return rows[0]?.body ?? undefined;
    },
  };
}

export type PushRepository = ReturnType<typeof createPushRepository>;
