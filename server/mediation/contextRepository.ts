import type { Queryable } from '../db/pool.js';

/** A message of the conversation, with the category of the thread it was filed in. */
export interface ContextMessage {
  senderId: number;
  type: 'user' | 'system' | 'correction';
  text: string;
  category: string | null;
}

/** The SQL the mediator reads its context with: who is in the room, what was said. */
export function createContextRepository(db: Queryable) {
  return {
    async members(roomId: string): Promise<{ id: number; displayName: string }[]> {
      const { rows } = await db.query<{ id: number; display_name: string }>(
        `SELECT u.id, u.display_name FROM room_members rm JOIN users u ON u.id = rm.user_id
          WHERE rm.room_id = $1 ORDER BY rm.joined_at, u.id`,
        [roomId],
      );
      return rows.map((r) => ({ id: r.id, displayName: r.display_name }));
    },

    async isMember(roomId: string, userId: number): Promise<boolean> {
      const { rows } = await db.query(
        'SELECT 1 FROM room_members WHERE room_id = $1 AND user_id = $2',
        [roomId, userId],
      );
      return rows.length > 0;
    },

    /** The room's last `limit` messages, oldest first. */
    async recentMessages(roomId: string, limit: number): Promise<ContextMessage[]> {
      const { rows } = await db.query<{
        sender_id: number;
        type: ContextMessage['type'];
        text: string;
        category: string | null;
      }>(
        `SELECT m.sender_id, m.type, m.text, t.category
           FROM messages m LEFT JOIN threads t ON t.id = m.thread_id
          WHERE m.room_id = $1 ORDER BY m.seq DESC LIMIT $2`,
        [roomId, limit],
      );
      return rows
        .reverse()
        .map((r) => ({ senderId: r.sender_id, type: r.type, text: r.text, category: r.category }));
    },

    /** A sender's last `limit` own messages in the room (newest first), for their style. */
    async recentTextsBy(
      tx: Queryable,
      roomId: string,
      senderId: number,
      limit: number,
    ): Promise<string[]> {
      // Walks the room's (room_id, seq DESC) index: in a two-parent room about
      // 2 × limit rows are read.
      const { rows } = await tx.query<{ text: string }>(
        `SELECT text FROM messages
          WHERE room_id = $1 AND sender_id = $2 AND type <> 'system'
          ORDER BY seq DESC LIMIT $3`,
        [roomId, senderId, limit],
      );
      return rows.map((r) => r.text);
    },
  };
}

export type ContextRepository = ReturnType<typeof createContextRepository>;
