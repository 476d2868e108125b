import type { Queryable } from '../db/pool.js';
import type { MessageRow } from './messageRepository.js';

/** A room's chain head, locked, with who may append to it. */
export interface LockedHead {
  roomId: string;
  lastSeq: number;
  lastHash: string | null;
  members: number[];
}

/** A message ready to insert: seq and hash already chained by the caller. */
export interface ChainedMessage {
  roomId: string;
  seq: number;
  senderId: number;
  clientId: string;
  type: MessageRow['type'];
  correctsId: number | null;
  text: string;
  threadId: string;
  createdAt: Date;
  hash: string;
  /** Queue the offline receiver's notification (outbox 'message_delivered'). */
  notify: boolean;
  /** The send's request id, carried by its outbox row (logs tie the two). */
  requestId: string | null;
}

/** A thread the batch opens (its id chosen by the caller, so messages can name it). */
export interface NewThread {
  id: string;
  roomId: string;
  title: string;
  category: string;
  createdBy: number;
  /** The batch's messages filed in it, and the last one's time (also its creation time). */
  messageCount: number;
  lastMessageAt: Date;
  createdAt: Date;
}

/** An existing thread receiving `n` of the batch's messages. */
export interface ThreadCountUp {
  threadId: string;
  n: number;
  lastAt: Date;
}

/** A room's head moving from `baseSeq` to the batch's last message. */
export interface HeadMove {
  roomId: string;
  baseSeq: number;
  seq: number;
  hash: string;
}

/**
 * The SQL of the group commit (server/messages/appendBatch.ts): a handful of
 * statements per batch of messages from many rooms, whatever its size.
 */
export function createBatchRepository() {
  return {
    /** Locks the rooms' chain heads, always in room id order (two batches never deadlock). */
    async lockHeads(tx: Queryable, roomIds: string[]): Promise<Map<string, LockedHead>> {
      const { rows } = await tx.query<{
        id: string;
        last_seq: number;
        last_hash: string | null;
        members: number[];
      }>(
        `SELECT r.id, r.last_seq, r.last_hash,
                ARRAY(SELECT rm.user_id FROM room_members rm WHERE rm.room_id = r.id) AS members
           FROM rooms r WHERE r.id = ANY($1::uuid[]) ORDER BY r.id FOR UPDATE OF r`,
        [roomIds],
      );
      return new Map(
        rows.map((r) => [
          r.id,
          { roomId: r.id, lastSeq: r.last_seq, lastHash: r.last_hash, members: r.members },
        ]),
      );
    },

    /**
     * Under the heads' locks: which (sender, clientId) pairs are already a
     * message or a held intervention, and each room's open threads (the most
     * recently active per category, plus any thread a sender named).
     */
    async lookups(
      tx: Queryable,
      keys: { senderIds: number[]; clientIds: string[] },
      roomIds: string[],
      namedThreadIds: string[],
    ): Promise<{
      messages: Map<string, number>;
      held: Set<string>;
      threads: { id: string; roomId: string; category: string; named: boolean }[];
    }> {
      const { rows } = await tx.query<{
        messages: { s: number; c: string; id: number }[] | null;
        held: { s: number; c: string }[] | null;
        threads: { id: string; room_id: string; category: string; named: boolean }[] | null;
      }>(
        `WITH k AS (SELECT * FROM unnest($1::int[], $2::text[]) AS k(s, c))
         SELECT
           (SELECT json_agg(json_build_object('s', m.sender_id, 'c', m.client_id, 'id', m.id))
              FROM messages m JOIN k ON m.sender_id = k.s AND m.client_id = k.c) AS messages,
           (SELECT json_agg(json_build_object('s', i.user_id, 'c', i.client_id))
              FROM intervention_rewrites i JOIN k ON i.user_id = k.s AND i.client_id = k.c) AS held,
           (SELECT json_agg(t) FROM (
              (SELECT DISTINCT ON (room_id, category) id, room_id, category, false AS named
                 FROM threads WHERE room_id = ANY($3::uuid[]) AND NOT is_archived
                ORDER BY room_id, category, last_message_at DESC NULLS LAST, created_at DESC)
              UNION ALL
              (SELECT id, room_id, category, true FROM threads
                WHERE id = ANY($4::uuid[]) AND NOT is_archived)) t) AS threads`,
        [keys.senderIds, keys.clientIds, roomIds, namedThreadIds],
      );
      const row = rows[0]!;
      return {
        messages: new Map((row.messages ?? []).map((m) => [`${m.s}:${m.c}`, Number(m.id)])),
        held: new Set((row.held ?? []).map((h) => `${h.s}:${h.c}`)),
        threads: (row.threads ?? []).map((t) => ({
          id: t.id,
          roomId: t.room_id,
          category: t.category,
          named: t.named,
        })),
      };
    },

    /**
     * One statement: opens the new threads (already counted), inserts the
     * messages, moves each head (compare-and-set on last_seq: the caller
     * checks every head moved), counts the existing threads and queues the
     * offline receivers' notifications. Returns the rows in `messages` order.
     */
    async write(
      tx: Queryable,
      messages: ChainedMessage[],
      threads: { opened: NewThread[]; counted: ThreadCountUp[] },
      heads: HeadMove[],
    ): Promise<{ rows: MessageRow[]; movedHeads: number }> {
      const opened = threads.opened;
      const counted = threads.counted;
      const col = <T>(pick: (m: ChainedMessage) => T) => messages.map(pick);
      const { rows } = await tx.query<MessageRow & { moved: number }>(
        `WITH new_threads AS (
           INSERT INTO threads (id, room_id, title, category, created_by, message_count,
                                last_message_at, created_at, updated_at)
           SELECT id, room_id, title, category, created_by, n, at, at, at
             FROM unnest($11::uuid[], $12::uuid[], $13::text[], $14::text[], $15::int[],
                         $21::int[], $22::timestamptz[]) AS t(id, room_id, title, category, created_by, n, at)
           RETURNING id
         ), counted AS (
           UPDATE threads t SET message_count = t.message_count + c.n,
                  last_message_at = GREATEST(t.last_message_at, c.last_at), updated_at = now()
             FROM unnest($23::uuid[], $24::int[], $25::timestamptz[]) AS c(id, n, last_at)
            WHERE t.id = c.id
         ), input AS (
           SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::int[], $4::text[], $5::text[],
                                $6::bigint[], $7::text[], $8::uuid[], $9::timestamptz[], $10::text[])
             WITH ORDINALITY AS x(room_id, seq, sender_id, client_id, type, corrects_id, text,
                                  thread_id, created_at, hash, ord)
         ), heads AS (
           UPDATE rooms r SET last_seq = h.seq, last_hash = h.hash
             FROM unnest($16::uuid[], $17::bigint[], $18::bigint[], $19::text[]) AS h(room_id, base_seq, seq, hash)
            WHERE r.id = h.room_id AND r.last_seq = h.base_seq
           RETURNING r.id
         ), inserted AS (
           INSERT INTO messages (room_id, seq, sender_id, client_id, type, corrects_id, text,
                                 thread_id, created_at, hash)
           SELECT room_id, seq, sender_id, client_id, type, corrects_id, text, thread_id, created_at, hash
             FROM input ORDER BY ord
           RETURNING *
         ), outbox_rows AS (
           INSERT INTO outbox (kind, payload, request_id)
           SELECT 'message_delivered',
                  json_build_object('messageId', i.id, 'roomId', i.room_id, 'senderId', i.sender_id, 'seq', i.seq),
                  n.request_id
             FROM inserted i
             JOIN unnest($1::uuid[], $2::bigint[], $20::boolean[], $26::text[]) AS n(room_id, seq, notify, request_id)
               ON n.room_id = i.room_id AND n.seq = i.seq
            WHERE n.notify
         )
         SELECT i.id, i.room_id, i.seq, i.sender_id, u.display_name AS sender_name, i.client_id,
                i.type, i.corrects_id, i.text, i.thread_id, i.created_at, i.hash,
                (SELECT count(*) FROM heads)::int AS moved
           FROM inserted i JOIN users u ON u.id = i.sender_id
          ORDER BY i.room_id, i.seq`,
        [
          col((m) => m.roomId),
          col((m) => m.seq),
          col((m) => m.senderId),
          col((m) => m.clientId),
          col((m) => m.type),
          col((m) => m.correctsId),
          col((m) => m.text),
          col((m) => m.threadId),
          col((m) => m.createdAt),
          col((m) => m.hash),
          opened.map((t) => t.id),
          opened.map((t) => t.roomId),
          opened.map((t) => t.title),
          opened.map((t) => t.category),
          opened.map((t) => t.createdBy),
          heads.map((h) => h.roomId),
          heads.map((h) => h.baseSeq),
          heads.map((h) => h.seq),
          heads.map((h) => h.hash),
          col((m) => m.notify),
          opened.map((t) => t.messageCount),
          opened.map((t) => t.lastMessageAt),
          counted.map((c) => c.threadId),
          counted.map((c) => c.n),
          counted.map((c) => c.lastAt),
          col((m) => m.requestId),
        ],
      );
      const byKey = new Map(rows.map((r) => [`${r.room_id}:${r.seq}`, r]));
      return {
        rows: messages.map((m) => byKey.get(`${m.roomId}:${m.seq}`)!),
        movedHeads: rows[0]?.moved ?? 0,
      };
    },
  };
}

export type BatchRepository = ReturnType<typeof createBatchRepository>;
