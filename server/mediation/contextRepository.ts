import type { Queryable } from '../db/pool.js';

/** A message of the conversation, with the category of the thread it was filed in. */
export interface ContextMessage {
  senderId: number;
  type: 'user' | 'system' | 'correction';
  text: string;
  category: string | null;
}

/**
 * The SQL mediation still reads from the database: membership for its routes
 * and a sender's own recent texts for the style follower. The mediator's
 * context itself comes from the send path's room state (messages/roomState.ts).
 */
export function createContextRepository(db: Queryable) {
  return {
    async isMember(roomId: string, userId: number): Promise<boolean> {
      const { rows } = await db.query(
        'SELECT 1 FROM room_members WHERE room_id = $1 AND user_id = $2',
        [roomId, userId],
      );
      return rows.length > 0;
    },

    /**
     * A sender's last `limit` own messages in the room (newest first), for
     * their style: read once per sender and room, then followed in memory.
     */
    async recentTextsBy(
      tx: Queryable,
      roomId: string,
      senderId: number,
      limit: number,
    ): Promise<{ seq: number; text: string }[]> {
      // Walks the room's (room_id, seq DESC) index: in a two-parent room about
      // 2 × limit rows are read.
      const { rows } = await tx.query<{ seq: string | number; text: string }>(
        `SELECT seq, text FROM messages
          WHERE room_id = $1 AND sender_id = $2 AND type <> 'system'
          ORDER BY seq DESC LIMIT $3`,
        [roomId, senderId, limit],
      );
      return rows.map((r) => ({ seq: Number(r.seq), text: r.text }));
    },
  };
}

export type ContextRepository = ReturnType<typeof createContextRepository>;
