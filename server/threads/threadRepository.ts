import type { Queryable } from '../db/pool.js';

/** A threads row. */
export interface ThreadRow {
  id: string;
  room_id: string;
  title: string;
  category: string;
  parent_thread_id: string | null;
  created_by: number | null;
  message_count: number;
  last_message_at: Date | null;
  is_archived: boolean;
  created_at: Date;
  updated_at: Date;
}

/** Fields a member may change over REST. */
export interface ThreadChanges {
  title?: string;
  category?: string;
  parentThreadId?: string | null;
  isArchived?: boolean;
}

const COLUMNS = `t.id, t.room_id, t.title, t.category, t.parent_thread_id, t.created_by,
  t.message_count, t.last_message_at, t.is_archived, t.created_at, t.updated_at`;

const MEMBER =
  'EXISTS (SELECT 1 FROM room_members rm WHERE rm.room_id = t.room_id AND rm.user_id = $2)';

/** All SQL about threads. */
export function createThreadRepository(db: Queryable) {
  return {
    async isMember(roomId: string, userId: number): Promise<boolean> {
      const { rows } = await db.query(
        'SELECT 1 FROM room_members WHERE room_id = $1 AND user_id = $2',
        [roomId, userId],
      );
      return rows.length > 0;
    },

    /** A room's threads, most recently active first. */
    async listInRoom(roomId: string, archived?: boolean): Promise<ThreadRow[]> {
      const { rows } = await db.query<ThreadRow>(
        `SELECT ${COLUMNS} FROM threads t
          WHERE t.room_id = $1 AND ($2::boolean IS NULL OR t.is_archived = $2)
          ORDER BY t.last_message_at DESC NULLS LAST, t.created_at DESC`,
        [roomId, archived ?? null],
      );
      return rows;
    },

    /**
     * Locks a thread a member of its room asks to change, and serialises every
     * re-parenting in that room (so two moves cannot build a cycle together).
     */
    async lockForMember(tx: Queryable, id: string, userId: number): Promise<ThreadRow | undefined> {
      const { rows } = await tx.query<ThreadRow>(
        `SELECT ${COLUMNS} FROM threads t WHERE t.id = $1 AND ${MEMBER} FOR UPDATE`,
        [id, userId],
      );
      const row = rows[0];
      if (row) {
        await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
          `threads:${row.room_id}`,
        ]);
      }
      return row;
    },

    /** `id` and every ancestor of it, nearest first. */
    async lineage(tx: Queryable, id: string): Promise<{ id: string; room_id: string }[]> {
      const { rows } = await tx.query<{ id: string; room_id: string }>(
        `WITH RECURSIVE up(id, room_id, parent_thread_id, depth) AS (
           SELECT id, room_id, parent_thread_id, 0 FROM threads WHERE id = $1
           UNION ALL
           SELECT t.id, t.room_id, t.parent_thread_id, up.depth + 1
             FROM threads t JOIN up ON t.id = up.parent_thread_id
            WHERE up.depth < 1000
         ) SELECT id, room_id FROM up ORDER BY depth`,
        [id],
      );
      return rows;
    },

    async update(tx: Queryable, id: string, changes: ThreadChanges): Promise<ThreadRow> {
      const { rows } = await tx.query<ThreadRow>(
        `UPDATE threads t SET
            title = COALESCE($2, t.title),
            category = COALESCE($3, t.category),
            parent_thread_id = CASE WHEN $4::boolean THEN $5::uuid ELSE t.parent_thread_id END,
            is_archived = COALESCE($6, t.is_archived),
            updated_at = now()
          WHERE t.id = $1
          RETURNING ${COLUMNS}`,
        [
          id,
          changes.title ?? null,
          changes.category ?? null,
          changes.parentThreadId !== undefined,
          changes.parentThreadId ?? null,
          changes.isArchived ?? null,
        ],
      );
      return rows[0]!;
    },
  };
}

export type ThreadRepository = ReturnType<typeof createThreadRepository>;
