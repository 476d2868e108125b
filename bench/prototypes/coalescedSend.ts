/**
 * PROTOTYPE (bench only; server/messages is untouched): the send path with
 * concurrent commits coalesced. Sends that reach the append step while a
 * commit is in flight wait and are appended together, in one transaction:
 * every involved chain head locked in one statement (ordered by room id, so
 * two batches never deadlock), all rows inserted and all heads moved in one
 * statement, one COMMIT (one WAL flush) for the batch. Seq and the hash chain
 * are computed exactly as messageRepository.append does. The pre-checks
 * (duplicate clientId, membership) are folded into one query. Mediation (the
 * gate) and the delivery hooks are the server's own, unchanged.
 *
 * Anything unusual (a duplicate clientId, a hook failing, a deadlock) makes
 * the batch roll back and its sends go one by one through the server's own
 * `deliver`, so correctness never depends on the fast path.
 */
import type { Db, Queryable } from '../../server/db/pool.js';
import { computeMessageHash } from '../../server/messages/hashChain.js';
import type { MessageRow } from '../../server/messages/messageRepository.js';
import type {
  DeliveryHooks,
  MessageService,
  OutgoingMessage,
  SendGate,
} from '../../server/messages/messageService.js';
import { presentMessage } from '../../server/messages/presenter.js';
import type { RealtimeHub } from '../../server/realtime/hub.js';
import { outboxMessageHooks } from '../../server/outbox/messageHooks.js';
import type { RunningServer } from '../../server/server.js';
import { notFound } from '../../server/shared/errors.js';
import type { SendResult } from '../../server/shared/socketEvents.js';

type Item = OutgoingMessage & { topic?: string };
interface Pending {
  item: Item;
  resolve(result: { row: MessageRow; created: boolean }): void;
  reject(err: unknown): void;
}

export interface CoalescedDeps {
  db: Db;
  hub: RealtimeHub;
  gate?: SendGate;
  hooks?: DeliveryHooks;
  /** The server's own service: the slow path, and everything not overridden. */
  messages: MessageService;
  /** Transactions in flight at once (default 4). */
  lanes?: number;
  /** Most sends per transaction (default 256). */
  maxBatch?: number;
}

/** Counters of the coalescer, for the bench's report. */
export interface CoalescerStats {
  batches: number;
  appended: number;
  fallbacks: number;
  maxBatch: number;
}

/** A `send` with the coalesced append, and its counters. */
export function createCoalescedSend(deps: CoalescedDeps) {
  const lanes = deps.lanes ?? 4;
  const maxBatch = deps.maxBatch ?? 256;
  const queue: Pending[] = [];
  let busy = 0;
  const stats: CoalescerStats = { batches: 0, appended: 0, fallbacks: 0, maxBatch: 0 };

  const pump = () => {
    while (busy < lanes && queue.length > 0) {
      const batch = queue.splice(0, maxBatch);
      busy += 1;
      void runBatch(batch).finally(() => {
        busy -= 1;
        pump();
      });
    }
  };

  async function runBatch(batch: Pending[]): Promise<void> {
    stats.batches += 1;
    stats.maxBatch = Math.max(stats.maxBatch, batch.length);
    let rows: MessageRow[];
    try {
      rows = await deps.db.withTransaction((tx) =>
        appendBatch(
          tx,
          batch.map((p) => p.item),
        ),
      );
    } catch {
      // Rolled back: each send takes the server's own path, one by one.
      stats.fallbacks += batch.length;
      for (const p of batch) {
        deps.messages.deliver(p.item).then(
          (r) => p.resolve(r),
          (e: unknown) => p.reject(e),
        );
      }
      return;
    }
    stats.appended += rows.length;
    rows.forEach((row, i) => batch[i]!.resolve({ row, created: true }));
  }

  async function appendBatch(tx: Queryable, items: Item[]): Promise<MessageRow[]> {
    const roomIds = [...new Set(items.map((i) => i.roomId))].sort();
    const { rows: heads } = await tx.query<{
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
    const head = new Map(
      heads.map((h) => [h.id, { seq: h.last_seq, hash: h.last_hash, members: new Set(h.members) }]),
    );
    const { rows: dupes } = await tx.query(
      `SELECT 1 FROM messages m JOIN unnest($1::int[], $2::text[]) AS x(s, c)
          ON m.sender_id = x.s AND m.client_id = x.c LIMIT 1`,
      [items.map((i) => i.senderId), items.map((i) => i.clientId)],
    );
    if (dupes.length > 0) throw new Error('duplicate clientId: slow path');
    const columns = {
      room: [] as string[],
      seq: [] as number[],
      sender: [] as number[],
      client: [] as string[],
      type: [] as string[],
      corrects: [] as (number | null)[],
      text: [] as string[],
      thread: [] as (string | null)[],
      at: [] as Date[],
      hash: [] as string[],
    };
    for (const item of items) {
      const h = head.get(item.roomId);
      if (!h || !h.members.has(item.senderId)) throw notFound('Room');
      const threadId = deps.hooks?.assignThread
        ? await deps.hooks.assignThread(tx, {
            roomId: item.roomId,
            senderId: item.senderId,
            text: item.text,
            topic: item.topic,
            threadId: item.threadId,
          })
        : (item.threadId ?? null);
      const seq = h.seq + 1;
      const createdAt = new Date();
      const hash = computeMessageHash({
        prevHash: h.hash,
        seq,
        senderId: item.senderId,
        text: item.text,
        createdAt,
      });
      h.seq = seq;
      h.hash = hash;
      columns.room.push(item.roomId);
      columns.seq.push(seq);
      columns.sender.push(item.senderId);
      columns.client.push(item.clientId);
      columns.type.push(item.correctsId ? 'correction' : 'user');
      columns.corrects.push(item.correctsId ?? null);
      columns.text.push(item.text);
      columns.thread.push(threadId);
      columns.at.push(createdAt);
      columns.hash.push(hash);
    }
    const { rows } = await tx.query<MessageRow & { ord: number }>(
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::int[], $4::text[], $5::text[], $6::bigint[],
                              $7::text[], $8::uuid[], $9::timestamptz[], $10::text[])
           WITH ORDINALITY AS x(room_id, seq, sender_id, client_id, type, corrects_id, text, thread_id, created_at, hash, ord)
       ), inserted AS (
         INSERT INTO messages (room_id, seq, sender_id, client_id, type, corrects_id, text, thread_id, created_at, hash)
         SELECT room_id, seq, sender_id, client_id, type, corrects_id, text, thread_id, created_at, hash
           FROM input ORDER BY ord
         RETURNING *
       ), heads AS (
         UPDATE rooms r SET last_seq = h.seq, last_hash = h.hash
           FROM (SELECT DISTINCT ON (room_id) room_id, seq, hash FROM input ORDER BY room_id, seq DESC) h
          WHERE r.id = h.room_id
       )
       SELECT i.id, i.room_id, i.seq, i.sender_id, u.display_name AS sender_name, i.client_id,
              i.type, i.corrects_id, i.text, i.thread_id, i.created_at, i.hash
         FROM inserted i JOIN users u ON u.id = i.sender_id
         ORDER BY i.room_id, i.seq`,
      [
        columns.room,
        columns.seq,
        columns.sender,
        columns.client,
        columns.type,
        columns.corrects,
        columns.text,
        columns.thread,
        columns.at,
        columns.hash,
      ],
    );
    // Back in input order.
    const byKey = new Map(rows.map((r) => [`${r.room_id}:${r.seq}`, r]));
    const ordered = items.map((_, i) => byKey.get(`${columns.room[i]}:${columns.seq[i]}`)!);
    for (const row of ordered) await deps.hooks?.afterAppend?.(tx, row);
    return ordered;
  }

  const append = (item: Item) =>
    new Promise<{ row: MessageRow; created: boolean }>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      pump();
    });

  /** messageService.send with the coalesced append. */
  async function send(message: OutgoingMessage): Promise<SendResult> {
    // One round trip for both pre-checks.
    const { rows } = await deps.db.query<{ member: boolean; earlier: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM room_members WHERE room_id = $1 AND user_id = $2) AS member,
              EXISTS (SELECT 1 FROM messages WHERE sender_id = $2 AND client_id = $3) AS earlier`,
      [message.roomId, message.senderId, message.clientId],
    );
    if (rows[0]!.earlier) return deps.messages.send(message); // the server answers repeats
    if (!rows[0]!.member) throw notFound('Room');
    const verdict = deps.gate
      ? await deps.gate.review(message)
      : { action: 'deliver' as const, text: message.text };
    if (!('action' in verdict)) return verdict;
    const { row, created } = await append({ ...message, text: verdict.text, topic: verdict.topic });
    if (created) {
      deps.hub.emitToRoom(row.room_id, 'message:new', presentMessage(row));
      await deps.hooks?.afterCommit?.(row);
    }
    return { status: 'sent', message: presentMessage(row) };
  }

  return { send, stats };
}

/**
 * The hooks the container composes (threads, mediation, outbox), rebuilt from
 * the services; `withoutThreads` leaves out the threads domain's (for a path
 * that picks and counts the thread in its own SQL).
 */
export function serverHooks(
  services: RunningServer['services'],
  options: { withoutThreads?: boolean } = {},
): DeliveryHooks {
  const all: DeliveryHooks[] = [
    ...(options.withoutThreads ? [] : [services.threads.hooks]),
    services.mediation.hooks,
    outboxMessageHooks(services.outbox, () => services.outboxWorker.wake()),
  ];
  return {
    async assignThread(tx, message) {
      for (const h of all) if (h.assignThread) return h.assignThread(tx, message);
      return message.threadId ?? null;
    },
    async afterAppend(tx, row) {
      for (const h of all) await h.afterAppend?.(tx, row);
    },
    async afterCommit(row) {
      for (const h of all) await h.afterCommit?.(row);
    },
  };
}

/**
 * Swaps the running server's `message:send` path for the prototype (the
 * socket handlers look `send` up on the service object at call time).
 */
export function installCoalescedSend(server: RunningServer): string {
  const { services, ctx } = server;
  const prototype = createCoalescedSend({
    db: ctx.db,
    hub: services.hub,
    gate: services.mediation.gate,
    hooks: serverHooks(services),
    messages: { ...services.messages },
  });
  services.messages.send = prototype.send;
  return 'coalesced (bench/prototypes/coalescedSend.ts)';
}
