import type { RealtimeHub } from '../realtime/hub.js';
import type { ReadAction, ReaderRole } from '../rooms/roomAccess.js';
import type { RoomRepository } from '../rooms/roomRepository.js';
import { notFound } from '../shared/errors.js';
import type { MessageView, SendResult } from '../shared/socketEvents.js';
import { verifyLinks, type ChainVerdict } from './hashChain.js';
import type { MessageRepository } from './messageRepository.js';
import { presentMessage } from './presenter.js';
import type { Deliverable, OutgoingMessage, SendCommand } from './sendMessage.js';

export type { OutgoingMessage, SendGate } from './sendMessage.js';

export interface MessageServiceDeps {
  messages: MessageRepository;
  rooms: Pick<RoomRepository, 'isMember'>;
  hub: Pick<RealtimeHub, 'emitToRoom'>;
  /** The send command (server/messages/sendMessage.ts). */
  command: SendCommand;
  /** The record's read paths also admit invited professionals (server/rooms/roomAccess.ts). */
  access?: {
    requireReader(roomId: string, userId: number, action: ReadAction): Promise<ReaderRole>;
  };
}

const SYNC_PAGE = 500;
const VERIFY_PAGE = 5000;

/** Sending, correcting, reading and paging through a room's record. */
export function createMessageService(deps: MessageServiceDeps) {
  const { messages, hub, command } = deps;

  /** The room's record as its member sees it, or not_found for anyone else. */
  async function requireMember(roomId: string, userId: number): Promise<void> {
    if (!(await deps.rooms.isMember(roomId, userId))) throw notFound('Room');
  }

  /** A read of the record: a member, or a professional with a live grant (the read is logged). */
  async function requireReader(roomId: string, userId: number, action: ReadAction): Promise<void> {
    if (deps.access) await deps.access.requireReader(roomId, userId, action);
    else await requireMember(roomId, userId);
  }

  return {
    send: (message: OutgoingMessage) => command.send(message),
    deliver: (message: Deliverable) => command.deliver(message),
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
      return command.send({
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
      const { row } = await command.deliver({
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
