import type { Queryable } from '../db/pool.js';

/** One reader's first view of one message. */
export interface ReceiptRow {
  message_id: number;
  user_id: number;
  first_viewed_at: Date;
}

/** A message as the record prints it: with its thread's title and the seq it corrects. */
export interface RecordMessageRow {
  id: number;
  seq: number;
  sender_id: number;
  sender_name: string;
  type: 'user' | 'system' | 'correction';
  corrects_id: number | null;
  corrects_seq: number | null;
  text: string;
  thread_id: string | null;
  thread_title: string | null;
  created_at: Date;
  hash: string;
}

/** A sender's held message and what became of it. */
export interface MediationRow {
  id: string;
  client_id: string;
  original_text: string;
  suggestions: string[];
  analysis: { risk?: number; patterns?: string[]; explanation?: string; mediator?: string };
  outcome: string;
  rewrite_text: string | null;
  message_seq: number | null;
  created_at: Date;
  resolved_at: Date | null;
}

/** The SQL the record export needs beyond messages and rooms. */
export function createRecordRepository(db: Queryable) {
  return {
    /** First-viewed times for a seq range of a room, in seq then reader order. */
    async receiptsBetween(roomId: string, fromSeq: number, toSeq: number): Promise<ReceiptRow[]> {
      const { rows } = await db.query<ReceiptRow>(
        `SELECT r.message_id, r.user_id, r.first_viewed_at
           FROM message_receipts r JOIN messages m ON m.id = r.message_id
          WHERE m.room_id = $1 AND m.seq BETWEEN $2 AND $3
          ORDER BY m.seq, r.user_id`,
        [roomId, fromSeq, toSeq],
      );
      return rows;
    },

    /** Up to `limit` messages after `afterSeq` and up to `toSeq`, in seq order. */
    async page(
      roomId: string,
      afterSeq: number,
      toSeq: number,
      limit: number,
    ): Promise<RecordMessageRow[]> {
      const { rows } = await db.query<RecordMessageRow>(
        `SELECT m.id, m.seq, m.sender_id, u.display_name AS sender_name, m.type, m.corrects_id,
                c.seq AS corrects_seq, m.text, m.thread_id, t.title AS thread_title, m.created_at, m.hash
           FROM messages m
           JOIN users u ON u.id = m.sender_id
           LEFT JOIN messages c ON c.id = m.corrects_id
           LEFT JOIN threads t ON t.id = m.thread_id
          WHERE m.room_id = $1 AND m.seq > $2 AND m.seq <= $3
          ORDER BY m.seq LIMIT $4`,
        [roomId, afterSeq, toSeq, limit],
      );
      return rows;
    },

    /** The seq range of messages sent within [from, to] (either end open). */
    async seqRange(
      roomId: string,
      from: Date | null,
      to: Date | null,
    ): Promise<{ first: number | null; last: number | null }> {
      const { rows } = await db.query<{ first: number | null; last: number | null }>(
        `SELECT min(seq) AS first, max(seq) AS last FROM messages
          WHERE room_id = $1 AND ($2::timestamptz IS NULL OR created_at >= $2)
            AND ($3::timestamptz IS NULL OR created_at <= $3)`,
        [roomId, from, to],
      );
      return rows[0] ?? { first: null, last: null };
    },

    /** The stored hash of each of `seqs` (those that exist). */
    async hashesAt(roomId: string, seqs: number[]): Promise<Map<number, string>> {
      const { rows } = await db.query<{ seq: number; hash: string }>(
        'SELECT seq, hash FROM messages WHERE room_id = $1 AND seq = ANY($2::bigint[])',
        [roomId, seqs],
      );
      return new Map(rows.map((r) => [r.seq, r.hash]));
    },

    /** The room's chain head as the send path keeps it. */
    async head(roomId: string): Promise<{ last_seq: number } | undefined> {
      const { rows } = await db.query<{ last_seq: number }>(
        'SELECT last_seq FROM rooms WHERE id = $1',
        [roomId],
      );
      return rows[0];
    },

    /** `userId`'s own held messages in a room, oldest first. */
    async mediationOf(userId: number, roomId: string): Promise<MediationRow[]> {
      const { rows } = await db.query<MediationRow>(
        `SELECT i.id, i.client_id, i.original_text, i.suggestions, i.analysis, i.outcome,
                i.rewrite_text, m.seq AS message_seq, i.created_at, i.resolved_at
           FROM intervention_rewrites i LEFT JOIN messages m ON m.id = i.message_id
          WHERE i.user_id = $1 AND i.room_id = $2 ORDER BY i.created_at, i.id`,
        [userId, roomId],
      );
      return rows;
    },
  };
}

export type RecordRepository = ReturnType<typeof createRecordRepository>;
