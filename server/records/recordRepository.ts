import type { Queryable } from '../db/pool.js';

/** One reader's first view of one message. */
export interface ReceiptRow {
  message_id: number;
  user_id: number;
  first_viewed_at: Date;
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
  };
}

export type RecordRepository = ReturnType<typeof createRecordRepository>;
