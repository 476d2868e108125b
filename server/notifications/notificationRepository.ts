import type { Queryable } from '../db/pool.js';
import type { NewNotification, NotificationType, RelatedType } from './schema.js';

/** A notifications row. */
export interface NotificationRow {
  id: number;
  user_id: number;
  type: NotificationType;
  title: string;
  body: string | null;
  related_id: string | null;
  related_type: RelatedType | null;
  is_read: boolean;
  read_at: Date | null;
  created_at: Date;
}

const COLUMNS =
  'id, user_id, type, title, body, related_id, related_type, is_read, read_at, created_at';

/** All SQL about notifications; reads and writes are scoped to the owner. */
export function createNotificationRepository(db: Queryable) {
  return {
    async insert(input: NewNotification, tx: Queryable = db): Promise<NotificationRow> {
      const { rows } = await tx.query<NotificationRow>(
        `INSERT INTO notifications (user_id, type, title, body, related_id, related_type)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
        [
          input.userId,
          input.type,
          input.title,
          input.body ?? null,
          input.relatedId ?? null,
          input.relatedType ?? null,
        ],
      );
      return rows[0]!;
    },

    /** Newest first; `unreadOnly` reads the partial unread index. */
    async list(
      userId: number,
      options: { unreadOnly: boolean; limit: number; beforeId?: number },
    ): Promise<NotificationRow[]> {
      const { rows } = await db.query<NotificationRow>(
        `SELECT ${COLUMNS} FROM notifications
          WHERE user_id = $1 ${options.unreadOnly ? 'AND NOT is_read' : ''}
            AND ($2::int IS NULL OR id < $2)
          ORDER BY created_at DESC, id DESC
          LIMIT $3`,
        [userId, options.beforeId ?? null, options.limit],
      );
      return rows;
    },

    async unreadCount(userId: number): Promise<number> {
      const { rows } = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND NOT is_read',
        [userId],
      );
      return rows[0]?.n ?? 0;
    },

    /** Marks one read (keeping the first read time); undefined when not the owner's. */
    async markRead(id: number, userId: number): Promise<NotificationRow | undefined> {
      const { rows } = await db.query<NotificationRow>(
        `UPDATE notifications SET is_read = true, read_at = COALESCE(read_at, now())
          WHERE id = $1 AND user_id = $2 RETURNING ${COLUMNS}`,
        [id, userId],
      );
      return rows[0];
    },

    /** Marks every unread one read; resolves to how many changed. */
    async markAllRead(userId: number): Promise<number> {
      const { rowCount } = await db.query(
        `UPDATE notifications SET is_read = true, read_at = now()
          WHERE user_id = $1 AND NOT is_read`,
        [userId],
      );
      return rowCount ?? 0;
    },
  };
}

export type NotificationRepository = ReturnType<typeof createNotificationRepository>;
