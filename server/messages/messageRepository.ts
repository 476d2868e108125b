import type { Queryable } from '../db/pool.js';
import type { StoredLink } from './hashChain.js';

/** A messages row joined with its sender's display name. */
export interface MessageRow {
  id: number;
  room_id: string;
  seq: number;
  sender_id: number;
  sender_name: string;
  client_id: string;
  type: 'user' | 'system' | 'correction';
  corrects_id: number | null;
  text: string;
  thread_id: string | null;
  created_at: Date;
  hash: string;
}

const SELECT = `SELECT m.id, m.room_id, m.seq, m.sender_id, u.display_name AS sender_name,
  m.client_id, m.type, m.corrects_id, m.text, m.thread_id, m.created_at, m.hash
  FROM messages m JOIN users u ON u.id = m.sender_id`;

/** All SQL about messages, receipts and the per-room chain head. */
export function createMessageRepository(db: Queryable) {
  return {
    /** The message a sender already sent with this clientId (idempotent send). */
    async findByClientId(
      senderId: number,
      clientId: string,
      tx: Queryable = db,
    ): Promise<MessageRow | undefined> {
      const { rows } = await tx.query<MessageRow>(
        `${SELECT} WHERE m.sender_id = $1 AND m.client_id = $2`,
        [senderId, clientId],
      );
      return rows[0];
    },

    async findById(id: number): Promise<MessageRow | undefined> {
      const { rows } = await db.query<MessageRow>(`${SELECT} WHERE m.id = $1`, [id]);
      return rows[0];
    },

    /** Messages after `afterSeq`, oldest first. */
    async listAfter(roomId: string, afterSeq: number, limit: number): Promise<MessageRow[]> {
      const { rows } = await db.query<MessageRow>(
        `${SELECT} WHERE m.room_id = $1 AND m.seq > $2 ORDER BY m.seq ASC LIMIT $3`,
        [roomId, afterSeq, limit],
      );
      return rows;
    },

    /** A page before `beforeSeq` (or the newest), newest first. */
    async listBefore(
      roomId: string,
      beforeSeq: number | undefined,
      limit: number,
    ): Promise<MessageRow[]> {
      const { rows } = await db.query<MessageRow>(
        `${SELECT} WHERE m.room_id = $1 AND m.seq < $2 ORDER BY m.seq DESC LIMIT $3`,
        [roomId, beforeSeq ?? Number.MAX_SAFE_INTEGER, limit],
      );
      return rows;
    },

    /** Full-text search (english stemming, GIN index), newest first. */
    async search(
      roomId: string,
      query: string,
      limit: number,
      offset: number,
    ): Promise<MessageRow[]> {
      const { rows } = await db.query<MessageRow>(
        `${SELECT} WHERE m.room_id = $1 AND m.search @@ websearch_to_tsquery('english', $2)
          ORDER BY m.seq DESC LIMIT $3 OFFSET $4`,
        [roomId, query, limit, offset],
      );
      return rows;
    },

    /** One page of chain links in seq order, for verification. */
    async chainPage(roomId: string, afterSeq: number, limit: number): Promise<StoredLink[]> {
      const { rows } = await db.query<StoredLink>(
        `SELECT seq, sender_id, text, created_at, hash FROM messages
          WHERE room_id = $1 AND seq > $2 ORDER BY seq ASC LIMIT $3`,
        [roomId, afterSeq, limit],
      );
      return rows;
    },

    /**
     * Records that `userId` has viewed everything up to `seq`: raises the
     * member's read mark and stamps first-viewed times for others' messages
     * not seen before (never overwriting an earlier stamp).
     */
    async markRead(
      roomId: string,
      userId: number,
      seq: number,
    ): Promise<{ seq: number; readAt: Date } | undefined> {
      const { rows } = await db.query<{ seq: number; read_at: Date }>(
        `WITH member AS (
           SELECT rm.last_read_seq, LEAST($3::bigint, r.last_seq) AS upto
             FROM room_members rm JOIN rooms r ON r.id = rm.room_id
            WHERE rm.room_id = $1 AND rm.user_id = $2
         ), stamped AS (
           INSERT INTO message_receipts (message_id, user_id)
           SELECT m.id, $2 FROM messages m, member
            WHERE m.room_id = $1 AND m.seq <= member.upto AND m.sender_id <> $2
           ON CONFLICT DO NOTHING
         ), raised AS (
           UPDATE room_members rm SET last_read_seq = GREATEST(rm.last_read_seq, member.upto)
             FROM member WHERE rm.room_id = $1 AND rm.user_id = $2
           RETURNING rm.last_read_seq
         )
         SELECT raised.last_read_seq AS seq, now() AS read_at FROM raised`,
        [roomId, userId, seq],
      );
      const row = rows[0];
      return row && { seq: row.seq, readAt: row.read_at };
    },

    /** First-viewed times of one message, by reader. */
    async receiptsFor(messageId: number): Promise<{ user_id: number; first_viewed_at: Date }[]> {
      const { rows } = await db.query<{ user_id: number; first_viewed_at: Date }>(
        'SELECT user_id, first_viewed_at FROM message_receipts WHERE message_id = $1 ORDER BY user_id',
        [messageId],
      );
      return rows;
    },
  };
}

export type MessageRepository = ReturnType<typeof createMessageRepository>;
