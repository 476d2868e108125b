/**
 * Group commit: appends that arrive while a commit is in flight ride the
 * next one. A batch holds messages of many rooms and is one transaction
 * (one WAL flush): the rooms' heads locked in room id order, duplicates of
 * a clientId found under the lock, threads picked, then one statement that
 * inserts, moves the heads, counts the threads and queues notifications.
 * Seq and hash are chained here (hashChain.ts), from the head read under the
 * lock — so another node's appends are simply continued.
 *
 * A batch that fails is retried item by item, each alone: a failing item
 * fails only itself, with its own error.
 */
import { randomUUID } from 'node:crypto';
import type { Db, Queryable } from '../db/pool.js';
import type { Logger } from '../shared/logger.js';
import { notFound, toAppError } from '../shared/errors.js';
import type { ThreadRow } from '../threads/threadRepository.js';
import { CATEGORY_LABELS, titleFor } from '../threads/titles.js';
import type {
  BatchRepository,
  ChainedMessage,
  NewThread,
  ThreadCountUp,
} from './batchRepository.js';
import { computeMessageHash } from './hashChain.js';
import type { MessageRow } from './messageRepository.js';

/** One message to append, after mediation. */
export interface AppendRequest {
  roomId: string;
  senderId: number;
  clientId: string;
  text: string;
  type: MessageRow['type'];
  correctsId: number | null;
  /** A thread the sender named (kept while it is open in this room). */
  threadId?: string;
  /** The mediator's topic: the category of the thread it is filed in. */
  topic?: string;
  /** Queue a notification for the receiver (they have no socket). */
  notify: boolean;
  /** Delivery of a resolved intervention: its held row carries the same clientId. */
  fromIntervention?: boolean;
  /** Epoch ms after which the sender has given up: not appended at all ('expired'). */
  deadline?: number;
  /** The send's request id (the batch runs outside the sender's async context). */
  requestId?: string;
}

/** What became of one request. */
export type AppendOutcome =
  | { status: 'created'; row: MessageRow; category: string; openedThread?: ThreadRow }
  /** The clientId is already a message (earlier, or earlier in this batch). */
  | { status: 'existing'; messageId: number }
  /** The clientId is a held intervention: its resolution answers. */
  | { status: 'held' }
  /** Its deadline passed before its batch began: nothing was stored. */
  | { status: 'expired' };

interface Pending {
  request: AppendRequest;
  resolve(outcome: AppendOutcome): void;
  reject(err: unknown): void;
}

export interface BatchAppenderDeps {
  db: Db;
  batches: BatchRepository;
  logger: Logger;
  /** Most messages per transaction (default 256). */
  maxBatch?: number;
}

/** The group committer's counters (bench, logs). */
export interface AppendStats {
  batches: number;
  messages: number;
  largestBatch: number;
  /** Items retried alone after their batch failed. */
  isolated: number;
}

const key = (senderId: number, clientId: string) => `${senderId}:${clientId}`;

/** Creates the process's one group committer. */
export function createBatchAppender(deps: BatchAppenderDeps) {
  const maxBatch = deps.maxBatch ?? 256;
  const queue: Pending[] = [];
  let running = false;
  const stats: AppendStats = { batches: 0, messages: 0, largestBatch: 0, isolated: 0 };

  function pump(): void {
    if (running || queue.length === 0) return;
    running = true;
    const batch = queue.splice(0, maxBatch);
    void run(batch).finally(() => {
      running = false;
      pump();
    });
  }

  async function run(queued: Pending[]): Promise<void> {
    const now = Date.now();
    const batch = queued.filter((p) => {
      const late = p.request.deadline !== undefined && now > p.request.deadline;
      if (late) p.resolve({ status: 'expired' });
      return !late;
    });
    if (batch.length === 0) return;
    stats.batches += 1;
    stats.messages += batch.length;
    stats.largestBatch = Math.max(stats.largestBatch, batch.length);
    try {
      const outcomes = await deps.db.withTransaction((tx) =>
        commit(
          tx,
          batch.map((p) => p.request),
        ),
      );
      outcomes.forEach((outcome, i) => settle(batch[i]!, outcome));
    } catch (err) {
      if (batch.length === 1) {
        const appError = toAppError(err);
        if (appError.code === 'internal') deps.logger.error({ err }, 'append failed');
        batch[0]!.reject(appError);
        return;
      }
      deps.logger.warn({ err, size: batch.length }, 'append batch failed: items retried alone');
      stats.isolated += batch.length;
      for (const pending of batch) await run([pending]);
    }
  }

  function settle(pending: Pending, outcome: AppendOutcome | Error): void {
    if (outcome instanceof Error) pending.reject(outcome);
    else pending.resolve(outcome);
  }

  /** The batch in one transaction; per item an outcome, or its own error. */
  async function commit(tx: Queryable, items: AppendRequest[]): Promise<(AppendOutcome | Error)[]> {
    const roomIds = [...new Set(items.map((i) => i.roomId))].sort();
    const heads = await deps.batches.lockHeads(tx, roomIds);
    const found = await deps.batches.lookups(
      tx,
      { senderIds: items.map((i) => i.senderId), clientIds: items.map((i) => i.clientId) },
      roomIds,
      items.flatMap((i) => (i.threadId ? [i.threadId] : [])),
    );
    const named = new Map(found.threads.filter((t) => t.named).map((t) => [t.id, t]));
    const open = new Map(
      found.threads.filter((t) => !t.named).map((t) => [`${t.roomId}:${t.category}`, t.id]),
    );
    const bases = new Map([...heads.values()].map((h) => [h.roomId, h.lastSeq]));
    const opened = new Map<string, NewThread>();
    const countUps = new Map<string, ThreadCountUp>();
    const inBatch = new Map<string, number>();
    const chained: ChainedMessage[] = [];
    const outcomes: (AppendOutcome | Error | { chained: number; category: string })[] = [];

    items.forEach((item, index) => {
      const k = key(item.senderId, item.clientId);
      const stored = found.messages.get(k);
      if (stored !== undefined)
        return void (outcomes[index] = { status: 'existing', messageId: stored });
      if (found.held.has(k) && !item.fromIntervention)
        return void (outcomes[index] = { status: 'held' });
      const first = inBatch.get(k);
      if (first !== undefined)
        return void (outcomes[index] = { chained: -1 - first, category: '' });
      const head = heads.get(item.roomId);
      if (!head?.members.includes(item.senderId)) return void (outcomes[index] = notFound('Room'));

      const chosen = item.threadId ? named.get(item.threadId) : undefined;
      const category =
        chosen?.roomId === item.roomId
          ? chosen.category
          : item.topic && item.topic in CATEGORY_LABELS
            ? item.topic
            : 'general';
      const createdAt = new Date();
      let threadId =
        chosen?.roomId === item.roomId ? chosen.id : open.get(`${item.roomId}:${category}`);
      if (threadId) {
        const up = countUps.get(threadId) ?? { threadId, n: 0, lastAt: createdAt };
        up.n += 1;
        up.lastAt = createdAt;
        countUps.set(threadId, up);
      } else {
        const fresh = opened.get(`${item.roomId}:${category}`) ?? {
          id: randomUUID(),
          roomId: item.roomId,
          title: titleFor(item.text, category),
          category,
          createdBy: item.senderId,
          messageCount: 0,
          lastMessageAt: createdAt,
          createdAt,
        };
        fresh.messageCount += 1;
        fresh.lastMessageAt = createdAt;
        opened.set(`${item.roomId}:${category}`, fresh);
        threadId = fresh.id;
      }

      const seq = head.lastSeq + 1;
      const hash = computeMessageHash({
        prevHash: head.lastHash,
        seq,
        senderId: item.senderId,
        text: item.text,
        createdAt,
      });
      head.lastSeq = seq;
      head.lastHash = hash;
      inBatch.set(k, index);
      outcomes[index] = { chained: chained.length, category };
      chained.push({
        roomId: item.roomId,
        seq,
        senderId: item.senderId,
        clientId: item.clientId,
        type: item.type,
        correctsId: item.correctsId,
        text: item.text,
        threadId,
        createdAt,
        hash,
        notify: item.notify,
        requestId: item.requestId ?? null,
      });
    });

    if (chained.length === 0) return outcomes as (AppendOutcome | Error)[];
    const moves = [...heads.values()]
      .filter((h) => h.lastSeq !== bases.get(h.roomId))
      .map((h) => ({
        roomId: h.roomId,
        baseSeq: bases.get(h.roomId)!,
        seq: h.lastSeq,
        hash: h.lastHash!,
      }));
    const { rows, movedHeads } = await deps.batches.write(
      tx,
      chained,
      { opened: [...opened.values()], counted: [...countUps.values()] },
      moves,
    );
    // Compare-and-set: every head must have moved from the base read under the lock.
    if (movedHeads !== moves.length) throw new Error('a chain head moved during the append');

    const openedBy = new Map([...opened.values()].map((t) => [t.id, t]));
    const announced = new Set<string>();
    return outcomes.map((outcome) => {
      if (!('chained' in outcome)) return outcome;
      if (outcome.chained < 0) {
        // The same clientId earlier in this batch: that one message answers.
        const first = outcomes[-1 - outcome.chained] as { chained: number };
        return { status: 'existing', messageId: rows[first.chained]!.id };
      }
      const row = rows[outcome.chained]!;
      const thread = row.thread_id ? openedBy.get(row.thread_id) : undefined;
      const first = thread && !announced.has(thread.id);
      if (thread) announced.add(thread.id);
      return {
        status: 'created',
        row,
        category: outcome.category,
        openedThread: first ? threadRow(thread) : undefined,
      };
    });
  }

  return {
    /** Appends one message with whatever else is waiting; settles after the commit. */
    append(request: AppendRequest): Promise<AppendOutcome> {
      return new Promise((resolve, reject) => {
        queue.push({ request, resolve, reject });
        pump();
      });
    },
    /** Requests waiting for the next commit. */
    queued: () => queue.length,
    stats,
  };
}

/** A thread this batch opened, as the row it now is. */
function threadRow(thread: NewThread): ThreadRow {
  return {
    id: thread.id,
    room_id: thread.roomId,
    title: thread.title,
    category: thread.category,
    parent_thread_id: null,
    created_by: thread.createdBy,
    message_count: thread.messageCount,
    last_message_at: thread.lastMessageAt,
    is_archived: false,
    created_at: thread.createdAt,
    updated_at: thread.createdAt,
  };
}

export type BatchAppender = ReturnType<typeof createBatchAppender>;
