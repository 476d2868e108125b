import type { Db, Queryable } from '../db/pool.js';
import type { DeliveryHooks } from '../messages/messageService.js';
import type { MessageRow } from '../messages/messageRepository.js';
import type { RealtimeHub } from '../realtime/hub.js';
import { notFound, validationFailed } from '../shared/errors.js';
import type { ThreadView } from '../shared/socketEvents.js';
import { presentThread } from './presenter.js';
import type { UpdateThreadBody } from './schema.js';
import type { ThreadRepository, ThreadRow } from './threadRepository.js';
import { CATEGORY_LABELS, titleFor } from './titles.js';

export interface ThreadServiceDeps {
  db: Db;
  threads: ThreadRepository;
  hub: RealtimeHub;
  /** Lets invited professionals list threads too (server/rooms/roomAccess.ts). */
  access?: { requireReader(roomId: string, userId: number, action: 'threads'): Promise<unknown> };
}

/**
 * Topic threads (DESIGN.md "Threads"): every delivered message is filed in
 * its room's open thread of the mediator's topic, or opens one; members list,
 * rename, re-categorise, nest and archive them.
 */
export function createThreadService(deps: ThreadServiceDeps) {
  const { db, threads, hub } = deps;

  // The thread each appended message counted into, until its commit is
  // announced (keyed by the row object messaging hands to both hooks; a
  // rolled-back message's entry is simply collected).
  const counted = new WeakMap<MessageRow, ThreadRow>();

  const fieldProblem = (message: string) =>
    validationFailed(message, { issues: [{ field: 'parentThreadId', message }] });

  /** The delivery hooks: thread picked and counted in the message's transaction. */
  const hooks: Required<DeliveryHooks> = {
    async assignThread(
      tx: Queryable,
      message: {
        roomId: string;
        senderId: number;
        text: string;
        topic?: string;
        threadId?: string;
      },
    ): Promise<string | null> {
      // A thread the sender chose wins while it is open in this room; a stale
      // or foreign one falls back to the topic rather than failing the send.
      if (message.threadId) {
        const chosen = await threads.findOpenInRoom(tx, message.roomId, message.threadId);
        if (chosen) return chosen;
      }
      const category =
        message.topic && message.topic in CATEGORY_LABELS ? message.topic : 'general';
      const open = await threads.findOpenByCategory(tx, message.roomId, category);
      if (open) return open;
      // The room's chain head is locked for this transaction: no concurrent
      // send in the room can open a second thread of the same category.
      return threads.create(tx, {
        roomId: message.roomId,
        title: titleFor(message.text, category),
        category,
        createdBy: message.senderId,
      });
    },

    async afterAppend(tx: Queryable, row: MessageRow): Promise<void> {
      if (!row.thread_id) return;
      const thread = await threads.countMessage(tx, row.thread_id, row.created_at);
      if (thread) counted.set(row, thread);
    },

    afterCommit(row: MessageRow): Promise<void> {
      const thread = counted.get(row);
      counted.delete(row);
      // Only a thread this message opened is news: a count going up is
      // already told by the message:new every member receives.
      if (thread && thread.message_count === 1) {
        hub.emitToRoom(row.room_id, 'thread:update', presentThread(thread));
      }
      return Promise.resolve();
    },
  };

  return {
    hooks,

    /** A room's threads for one of its members or professionals (not_found for anyone else). */
    async list(userId: number, roomId: string, archived?: boolean): Promise<ThreadView[]> {
      if (deps.access) await deps.access.requireReader(roomId, userId, 'threads');
      else if (!(await threads.isMember(roomId, userId))) throw notFound('Room');
      return (await threads.listInRoom(roomId, archived)).map(presentThread);
    },

    /** Rename, re-categorise, nest or archive; the room hears `thread:update`. */
    async update(userId: number, threadId: string, body: UpdateThreadBody): Promise<ThreadView> {
      const row = await db.withTransaction(async (tx) => {
        const thread = await threads.lockForMember(tx, threadId, userId);
        if (!thread) throw notFound('Thread');
        if (body.parentThreadId) {
          const lineage = await threads.lineage(tx, body.parentThreadId);
          // A missing parent and another room's thread read the same: no existence leak.
          if (lineage[0]?.room_id !== thread.room_id) {
            throw fieldProblem('parentThreadId must be a thread of the same room');
          }
          if (lineage.some((t) => t.id === thread.id)) {
            throw fieldProblem('a thread cannot be nested under itself or its own sub-thread');
          }
        }
        return threads.update(tx, thread.id, body);
      });
      const view = presentThread(row);
      hub.emitToRoom(row.room_id, 'thread:update', view);
      return view;
    },
  };
}

export type ThreadService = ReturnType<typeof createThreadService>;
