/**
 * PROTOTYPE (bench only; server/messages is untouched): the send path with
 * messaging's own statements cut from nine to four (pre-check, BEGIN,
 * append, COMMIT).
 *
 * - One pre-check statement: membership and an earlier message with this
 *   clientId (as built: findByClientId, requireMember).
 * - One append statement (as built: lockChainHead, findByClientId,
 *   findOpenByCategory, append, countMessage): the
 *   chain head is locked FOR UPDATE inside the statement, the thread is the
 *   room's open one of the mediator's topic, and the hash is computed by
 *   PostgreSQL over exactly the string computeMessageHash hashes:
 *   JSON.stringify([prevHash, seq, senderId, text, createdAt ISO]) - to_json
 *   escapes text as JSON.stringify does, to_char renders toISOString, and
 *   created_at is cut to milliseconds. The bench checks every chain it wrote
 *   with the server's own verify (JavaScript) afterwards.
 *
 * The other domains' in-transaction hooks (mediation's profile update, the
 * outbox row) run after it in the same transaction, so the transaction is
 * BEGIN, append, hooks, COMMIT. A send the statement cannot take (no open
 * thread of that topic yet, a duplicate clientId, a concurrent duplicate)
 * goes through the server's own `deliver`, so the rare cases keep the built
 * behaviour. Mediation (the gate) and every hook are the server's own.
 */
import type { Db } from '../../server/db/pool.js';
import type { MessageRow } from '../../server/messages/messageRepository.js';
import type {
  DeliveryHooks,
  MessageService,
  OutgoingMessage,
  SendGate,
} from '../../server/messages/messageService.js';
import { presentMessage } from '../../server/messages/presenter.js';
import type { RealtimeHub } from '../../server/realtime/hub.js';
import type { RunningServer } from '../../server/server.js';
import { notFound } from '../../server/shared/errors.js';
import type { SendResult } from '../../server/shared/socketEvents.js';
import { serverHooks } from './coalescedSend.js';

/** Locks the head, checks membership, picks the thread, appends, moves the head and the thread's count. */
const APPEND = `
WITH head AS (
  SELECT r.id, r.last_seq, r.last_hash FROM rooms r
   WHERE r.id = $1 AND EXISTS (SELECT 1 FROM room_members rm WHERE rm.room_id = r.id AND rm.user_id = $2)
   FOR UPDATE
), thread AS (
  SELECT id FROM threads WHERE room_id = $1 AND category = $5 AND NOT is_archived
   ORDER BY last_message_at DESC NULLS LAST, created_at DESC LIMIT 1
), link AS (
  SELECT h.id AS room_id, h.last_seq + 1 AS seq, h.last_hash AS prev,
         date_trunc('milliseconds', clock_timestamp()) AS created_at, t.id AS thread_id
    FROM head h CROSS JOIN thread t
), hashed AS (
  SELECT l.*, encode(sha256(convert_to(
           '[' || to_json(coalesce(l.prev, ''))::text || ',' || l.seq || ',' || $2::int || ','
               || to_json($4::text)::text || ','
               || to_json(to_char(l.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text
               || ']', 'UTF8')), 'hex') AS hash
    FROM link l
), inserted AS (
  INSERT INTO messages (room_id, seq, sender_id, client_id, type, text, thread_id, created_at, hash)
  SELECT room_id, seq, $2, $3, 'user', $4, thread_id, created_at, hash FROM hashed
  RETURNING *
), moved AS (
  UPDATE rooms r SET last_seq = i.seq, last_hash = i.hash FROM inserted i WHERE r.id = i.room_id
), counted AS (
  UPDATE threads t SET message_count = t.message_count + 1,
         last_message_at = GREATEST(t.last_message_at, i.created_at), updated_at = now()
    FROM inserted i WHERE t.id = i.thread_id
)
SELECT i.id, i.room_id, i.seq, i.sender_id, u.display_name AS sender_name, i.client_id, i.type,
       i.corrects_id, i.text, i.thread_id, i.created_at, i.hash
  FROM inserted i JOIN users u ON u.id = i.sender_id`;

export interface LeanDeps {
  db: Db;
  hub: RealtimeHub;
  gate?: SendGate;
  /** Every domain's hooks except the threads domain's (the append statement does its part). */
  hooks?: DeliveryHooks;
  messages: MessageService;
}

export function createLeanSend(deps: LeanDeps) {
  const stats = { fast: 0, slow: 0 };

  async function deliver(item: OutgoingMessage & { topic?: string }): Promise<MessageRow> {
    if (!item.threadId && !item.correctsId) {
      let row: MessageRow | undefined;
      try {
        row = await deps.db.withTransaction(async (tx) => {
          const { rows } = await tx.query<MessageRow>(APPEND, [
            item.roomId,
            item.senderId,
            item.clientId,
            item.text,
            item.topic ?? 'general',
          ]);
          if (rows[0]) await deps.hooks?.afterAppend?.(tx, rows[0]);
          return rows[0];
        });
      } catch {
        // e.g. a concurrent duplicate clientId: the built path sorts it out
      }
      if (row) {
        stats.fast += 1;
        deps.hub.emitToRoom(row.room_id, 'message:new', presentMessage(row));
        await deps.hooks?.afterCommit?.(row);
        return row;
      }
    }
    stats.slow += 1;
    return (await deps.messages.deliver(item)).row;
  }

  async function send(message: OutgoingMessage): Promise<SendResult> {
    const { rows } = await deps.db.query<{ member: boolean; earlier: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM room_members WHERE room_id = $1 AND user_id = $2) AS member,
              EXISTS (SELECT 1 FROM messages WHERE sender_id = $2 AND client_id = $3) AS earlier`,
      [message.roomId, message.senderId, message.clientId],
    );
    if (rows[0]!.earlier) return deps.messages.send(message);
    if (!rows[0]!.member) throw notFound('Room');
    const verdict = deps.gate
      ? await deps.gate.review(message)
      : { action: 'deliver' as const, text: message.text };
    if (!('action' in verdict)) return verdict;
    const row = await deliver({ ...message, text: verdict.text, topic: verdict.topic });
    return { status: 'sent', message: presentMessage(row) };
  }

  return { send, stats };
}

/** Swaps the running server's `message:send` path for this prototype. */
export function installLeanSend(server: RunningServer): string {
  const { services, ctx } = server;
  const lean = createLeanSend({
    db: ctx.db,
    hub: services.hub,
    gate: services.mediation.gate,
    hooks: serverHooks(services, { withoutThreads: true }),
    messages: { ...services.messages },
  });
  services.messages.send = lean.send;
  return 'lean (bench/prototypes/leanSend.ts)';
}
