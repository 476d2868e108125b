import type { Queryable } from '../db/pool.js';
import type { RecentEntry } from './roomState.js';

/** A room as the send path first reads it: members, head, last messages. */
export interface RoomSnapshot {
  members: { id: number; displayName: string }[];
  headSeq: number;
  /** Oldest first. */
  recent: RecentEntry[];
}

/** The one read of a room's send-path state (server/messages/roomState.ts). */
export function createRoomStateRepository(db: Queryable) {
  return {
    /** Members, chain head and the last `limit` messages, in one round trip; undefined: no room. */
    async snapshot(roomId: string, limit: number): Promise<RoomSnapshot | undefined> {
      const { rows } = await db.query<{
        last_seq: number;
        members: { id: number; display_name: string }[] | null;
        recent: {
          id: number;
          sender_id: number;
          client_id: string;
          type: RecentEntry['type'];
          text: string;
          category: string | null;
        }[];
      }>(
        `SELECT r.last_seq,
                (SELECT json_agg(json_build_object('id', u.id, 'display_name', u.display_name)
                                 ORDER BY rm.joined_at, u.id)
                   FROM room_members rm JOIN users u ON u.id = rm.user_id
                  WHERE rm.room_id = r.id) AS members,
                COALESCE((SELECT json_agg(x ORDER BY x.seq) FROM (
                   SELECT m.id, m.seq, m.sender_id, m.client_id, m.type, m.text, t.category
                     FROM messages m LEFT JOIN threads t ON t.id = m.thread_id
                    WHERE m.room_id = r.id ORDER BY m.seq DESC LIMIT $2) x), '[]') AS recent
           FROM rooms r WHERE r.id = $1`,
        [roomId, limit],
      );
      const row = rows[0];
      if (!row) return undefined;
      return {
        headSeq: row.last_seq,
        members: (row.members ?? []).map((m) => ({ id: m.id, displayName: m.display_name })),
        recent: row.recent.map((m) => ({
          messageId: Number(m.id),
          senderId: m.sender_id,
          clientId: m.client_id,
          type: m.type,
          text: m.text,
          category: m.category,
        })),
      };
    },
  };
}

export type RoomStateRepository = ReturnType<typeof createRoomStateRepository>;
