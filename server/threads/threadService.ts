import type { Db } from '../db/pool.js';
import type { RealtimeHub } from '../realtime/hub.js';
import { notFound, validationFailed } from '../shared/errors.js';
import type { ThreadView } from '../shared/socketEvents.js';
import { presentThread } from './presenter.js';
import type { UpdateThreadBody } from './schema.js';
import type { ThreadRepository, ThreadRow } from './threadRepository.js';

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

  const fieldProblem = (message: string) =>
    validationFailed(message, { issues: [{ field: 'parentThreadId', message }] });

  return {
    /** A send opened this thread: the room hears of it (counts travel with message:new). */
    announceOpened(thread: ThreadRow): void {
      hub.emitToRoom(thread.room_id, 'thread:update', presentThread(thread));
    },

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
