import type { Db, Queryable } from '../db/pool.js';
import type { RealtimeHub } from '../realtime/hub.js';
import type { ReadAction, ReaderRole } from '../rooms/roomAccess.js';
import type { RoomRepository } from '../rooms/roomRepository.js';
import { conflict, notFound } from '../shared/errors.js';
import type { MessageView, SendResult } from '../shared/socketEvents.js';
import { verifyLinks, type ChainVerdict } from './hashChain.js';
import type { MessageRepository, MessageRow } from './messageRepository.js';
import { presentMessage } from './presenter.js';

/** What the sender asked to send, after validation. */
export interface OutgoingMessage {
  roomId: string;
  senderId: number;
  clientId: string;
  text: string;
  threadId?: string;
  /** Set for a correction: the message it revises. */
  correctsId?: number;
}

/**
 * Decides whether a message may be delivered now. The mediator plugs in here;
 * until it does, every message passes.
 */
export interface SendGate {
  review(
    message: OutgoingMessage,
  ): Promise<{ action: 'deliver'; text: string; topic?: string } | SendResult>;
}

/** Work that must commit or roll back with the message itself. */
export interface DeliveryHooks {
  /** Picks the thread for a message about to be appended (default: the requested one). */
  assignThread?(
    tx: Queryable,
    message: { roomId: string; senderId: number; text: string; topic?: string; threadId?: string },
  ): Promise<string | null>;
  /** After the append, before commit: outbox rows, counters. */
  afterAppend?(tx: Queryable, message: MessageRow): Promise<void>;
  /** After commit: emits beyond `message:new` (e.g. thread:update). */
  afterCommit?(message: MessageRow): Promise<void>;
}

export interface MessageServiceDeps {
  db: Db;
  messages: MessageRepository;
  rooms: Pick<RoomRepository, 'isMember'>;
  hub: RealtimeHub;
  gate?: SendGate;
  hooks?: DeliveryHooks;
  /** The record's read paths also admit invited professionals (server/rooms/roomAccess.ts). */
  access?: {
    requireReader(roomId: string, userId: number, action: ReadAction): Promise<ReaderRole>;
  };
}

const SYNC_PAGE = 500;
const VERIFY_PAGE = 5000;

/** Sending, correcting, reading and paging through a room's record. */
export function createMessageService(deps: MessageServiceDeps) {
  const { db, messages, hub } = deps;

  /** The room's record as its member sees it, or not_found for anyone else. */
  async function requireMember(roomId: string, userId: number): Promise<void> {
    if (!(await deps.rooms.isMember(roomId, userId))) throw notFound('Room');
  }

  /** A read of the record: a member, or a professional with a live grant (the read is logged). */
  async function requireReader(roomId: string, userId: number, action: ReadAction): Promise<void> {
    if (deps.access) await deps.access.requireReader(roomId, userId, action);
    else await requireMember(roomId, userId);
  }

  /**
   * Appends a message in one transaction (chain head locked, thread picked,
   * side effects queued), then announces it. Acknowledged only once committed.
   * A clientId the sender already used returns the first message, unannounced.
   */
  async function deliver(
    message: OutgoingMessage & { type?: MessageRow['type']; topic?: string },
  ): Promise<{ row: MessageRow; created: boolean }> {
    const result = await db.withTransaction(async (tx) => {
      const head = await messages.lockChainHead(tx, message.roomId, message.senderId);
      if (!head) throw notFound('Room');
      // Under the room lock: a concurrent duplicate has either committed (found
      // here) or is queued behind us (and will find ours).
      const existing = await messages.findByClientId(message.senderId, message.clientId, tx);
      if (existing) return { row: existing, created: false };
      const threadId = deps.hooks?.assignThread
        ? await deps.hooks.assignThread(tx, {
            roomId: message.roomId,
            senderId: message.senderId,
            text: message.text,
            topic: message.topic,
            threadId: message.threadId,
          })
        : (message.threadId ?? null);
      const row = await messages.append(tx, head, {
        roomId: message.roomId,
        senderId: message.senderId,
        clientId: message.clientId,
        type: message.type ?? (message.correctsId ? 'correction' : 'user'),
        correctsId: message.correctsId ?? null,
        text: message.text,
        threadId,
      });
      await deps.hooks?.afterAppend?.(tx, row);
      return { row, created: true };
    });
    if (result.created) {
      hub.emitToRoom(result.row.room_id, 'message:new', presentMessage(result.row));
      await deps.hooks?.afterCommit?.(result.row);
    } else if (result.row.room_id !== message.roomId) {
      throw conflict('That clientId was already used for another room');
    }
    return result;
  }

  async function send(message: OutgoingMessage): Promise<SendResult> {
    const earlier = await messages.findByClientId(message.senderId, message.clientId);
    if (earlier) {
      if (earlier.room_id !== message.roomId) {
        throw conflict('That clientId was already used for another room');
      }
      return { status: 'sent', message: presentMessage(earlier) };
    }
    await requireMember(message.roomId, message.senderId);
    const verdict = deps.gate
      ? await deps.gate.review(message)
      : { action: 'deliver' as const, text: message.text };
    if (!('action' in verdict)) return verdict;
    const { row } = await deliver({ ...message, text: verdict.text, topic: verdict.topic });
    return { status: 'sent', message: presentMessage(row) };
  }

  return {
    send,
    deliver,
    requireMember,

    /** A correction: a new chained message by the original sender, never an edit. */
    async correct(input: {
      userId: number;
      messageId: number;
      clientId: string;
      text: string;
    }): Promise<SendResult> {
      const original = await messages.findById(input.messageId);
      if (!original) throw notFound('Message');
      await requireMember(original.room_id, input.userId);
      if (original.sender_id !== input.userId || original.type === 'system') {
        throw notFound('Message');
      }
      return send({
        roomId: original.room_id,
        senderId: input.userId,
        clientId: input.clientId,
        text: input.text,
        correctsId: original.id,
        threadId: original.thread_id ?? undefined,
      });
    },

    /** A room event on the same chain (paired, task created...). Not mediated. */
    async sendSystem(input: {
      roomId: string;
      actorId: number;
      text: string;
      clientId: string;
    }): Promise<MessageView> {
      const { row } = await deliver({
        roomId: input.roomId,
        senderId: input.actorId,
        clientId: input.clientId,
        text: input.text,
        type: 'system',
        topic: 'general',
      });
      return presentMessage(row);
    },

    /** Everything after `afterSeq`, oldest first, a page at a time. */
    async sync(userId: number, roomId: string, afterSeq: number) {
      await requireReader(roomId, userId, 'history');
      const rows = await messages.listAfter(roomId, afterSeq, SYNC_PAGE + 1);
      return {
        messages: rows.slice(0, SYNC_PAGE).map(presentMessage),
        hasMore: rows.length > SYNC_PAGE,
      };
    },

    /** A history page before `beforeSeq`, newest first. */
    async history(userId: number, roomId: string, beforeSeq?: number, limit = 50) {
      await requireReader(roomId, userId, 'history');
      const rows = await messages.listBefore(roomId, beforeSeq, limit + 1);
      return { messages: rows.slice(0, limit).map(presentMessage), hasMore: rows.length > limit };
    },

    async search(userId: number, roomId: string, q: string, limit: number, offset: number) {
      await requireReader(roomId, userId, 'search');
      const rows = await messages.search(roomId, q, limit + 1, offset);
      return { messages: rows.slice(0, limit).map(presentMessage), hasMore: rows.length > limit };
    },

    /** Walks the room's hash chain from seq 1, a page at a time. */
    async verify(userId: number, roomId: string): Promise<ChainVerdict> {
      await requireReader(roomId, userId, 'verify');
      let state: Parameters<typeof verifyLinks>[1];
      for (;;) {
        const page = await messages.chainPage(roomId, state?.count ?? 0, VERIFY_PAGE);
        const step = verifyLinks(page, state);
        if (step.verdict) return step.verdict;
        state = step.state;
        if (page.length < VERIFY_PAGE) return { ok: true, count: state.count };
      }
    },

    /** Read receipt: stored first, then broadcast to the room. */
    async markRead(userId: number, roomId: string, seq: number) {
      const receipt = await messages.markRead(roomId, userId, seq);
      if (!receipt) throw notFound('Room');
      const event = { roomId, userId, seq: receipt.seq, readAt: receipt.readAt.toISOString() };
      hub.emitToRoom(roomId, 'message:read', event);
      return event;
    },
  };
}

export type MessageService = ReturnType<typeof createMessageService>;
