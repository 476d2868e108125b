/**
 * Sending a message, as one command (docs/send-path.md): membership and
 * context from the room's in-memory state → mediation → the group commit →
 * fan-out → ack. A send reads nothing from the database that memory holds;
 * the only clientId check is the one under the room's lock at append (plus
 * a look at the room's recent messages in memory, which answers most
 * retries without any work).
 */
import type { RealtimeHub } from '../realtime/hub.js';
import { conflict, notFound } from '../shared/errors.js';
import { currentRequestId } from '../shared/requestContext.js';
import type { SendResult } from '../shared/socketEvents.js';
import type { ThreadRow } from '../threads/threadRepository.js';
import type { AppendOutcome, AppendRequest, BatchAppender } from './appendBatch.js';
import type { MessageRepository, MessageRow } from './messageRepository.js';
import { presentMessage } from './presenter.js';
import type { RoomState, RoomStates } from './roomState.js';
import type { Admission } from './admission.js';

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

/** A message to append now (mediation done, or never needed). */
export type Deliverable = OutgoingMessage & {
  type?: MessageRow['type'];
  topic?: string;
  /** Delivery of a resolved intervention (its held row shares the clientId). */
  fromIntervention?: boolean;
  /** Epoch ms after which the sender has given up (admission). */
  deadline?: number;
  /** Handed to the listeners with the committed row (Approved.reading). */
  reading?: MessageReading;
};

/** A message the gate lets through, with what it learned of it on the way. */
export interface Approved {
  action: 'deliver';
  text: string;
  topic?: string;
  /** The local mediator's context-free reading of `text`, when it computed one. */
  reading?: MessageReading;
}

/** Risk and patterns of a text on its own (the mediator's draft meter); opaque to messaging. */
export interface MessageReading {
  risk: number;
  patterns: readonly string[];
}

/**
 * Decides whether a message may be delivered now (the mediator plugs in
 * here); without one every message passes.
 */
export interface SendGate {
  review(message: OutgoingMessage): Promise<Approved | SendResult>;
  /** The answer for a clientId that is a held intervention's. */
  heldResult(message: OutgoingMessage): Promise<SendResult>;
}

/** What listeners hear after a message is committed and announced. */
export interface Delivered {
  row: MessageRow;
  /** The thread's category (for the room's context). */
  category: string;
  /** The receiver had no socket: a notification was queued with the message. */
  notified: boolean;
  /** What the gate read of the text, if it did (Approved.reading). */
  reading?: MessageReading;
}

export interface SendCommandDeps {
  states: RoomStates;
  appender: BatchAppender;
  messages: Pick<MessageRepository, 'findById'>;
  hub: Pick<RealtimeHub, 'emitToRoom' | 'hasSocket'>;
  /** Overload control of `send` (server/messages/admission.ts); none: everything is admitted. */
  admission?: Admission;
}

/** Creates the send command; the gate and after-commit listeners are registered on it. */
export function createSendCommand(deps: SendCommandDeps) {
  const { states, appender, hub, admission } = deps;
  const expired = () => admission?.expired() ?? conflict('The send took too long; try again');
  let gate: SendGate | undefined;
  const listeners: ((delivered: Delivered) => void)[] = [];

  async function memberState(roomId: string, userId: number): Promise<RoomState> {
    const state = await states.get(roomId);
    if (!state?.members.some((m) => m.id === userId)) throw notFound('Room');
    return state;
  }

  /** The stored message a repeated clientId stands for (never a second row). */
  async function earlier(messageId: number, roomId: string): Promise<MessageRow> {
    const row = await deps.messages.findById(messageId);
    if (!row) throw conflict('That message is being processed; try again');
    if (row.room_id !== roomId) throw conflict('That clientId was already used for another room');
    return row;
  }

  /**
   * Whether any other member has no connected socket (then the outbox
   * notifies them): from this node's presence map, never a round trip.
   */
  function someoneOffline(state: RoomState, senderId: number): boolean {
    return state.members.some((m) => m.id !== senderId && !hub.hasSocket(m.id));
  }

  function announce(
    outcome: Extract<AppendOutcome, { status: 'created' }>,
    notified: boolean,
    reading: MessageReading | undefined,
  ) {
    const { row } = outcome;
    hub.emitToRoom(row.room_id, 'message:new', presentMessage(row));
    if (outcome.openedThread) emitThread(outcome.openedThread);
    states.appended(row.room_id, row.seq, [
      {
        senderId: row.sender_id,
        clientId: row.client_id,
        type: row.type,
        text: row.text,
        category: outcome.category,
        messageId: row.id,
      },
    ]);
    for (const listener of listeners) {
      listener({ row, category: outcome.category, notified, reading });
    }
  }

  let emitThread: (thread: ThreadRow) => void = () => undefined;

  /**
   * Appends (group commit) and announces; a repeated clientId returns the
   * stored row, one that is a held intervention's returns 'held'.
   */
  async function append(
    message: Deliverable,
  ): Promise<{ row: MessageRow; created: boolean } | 'held'> {
    const state = await memberState(message.roomId, message.senderId);
    const request: AppendRequest = {
      roomId: message.roomId,
      senderId: message.senderId,
      clientId: message.clientId,
      text: message.text,
      type: message.type ?? (message.correctsId ? 'correction' : 'user'),
      correctsId: message.correctsId ?? null,
      threadId: message.threadId,
      topic: message.type === 'system' ? 'general' : message.topic,
      notify: message.type !== 'system' && someoneOffline(state, message.senderId),
      fromIntervention: message.fromIntervention,
      deadline: message.deadline,
      requestId: currentRequestId(),
    };
    const outcome = await appender.append(request);
    if (outcome.status === 'created') {
      announce(outcome, request.notify, message.reading);
      return { row: outcome.row, created: true };
    }
    if (outcome.status === 'existing') {
      return { row: await earlier(outcome.messageId, message.roomId), created: false };
    }
    if (outcome.status === 'expired') throw expired();
    return 'held';
  }

  return {
    /** Appends a message that needs no mediation (system, a resolved intervention). */
    async deliver(message: Deliverable): Promise<{ row: MessageRow; created: boolean }> {
      const result = await append(message);
      if (result === 'held') throw conflict('That message is waiting for its sender’s decision');
      return result;
    },

    /**
     * `message:send`: the whole path, acknowledged only after the commit.
     * Past this node's capacity it is refused at once (`unavailable` with a
     * retry hint), and one that waited past its deadline is not appended.
     */
    async send(message: OutgoingMessage): Promise<SendResult> {
      const ticket = admission?.admit();
      try {
        const state = await memberState(message.roomId, message.senderId);
        const seen = state.recent.find(
          (m) => m.senderId === message.senderId && m.clientId === message.clientId,
        );
        if (seen) {
          const row = await earlier(seen.messageId, message.roomId);
          return { status: 'sent', message: presentMessage(row) };
        }
        if (ticket && Date.now() > ticket.deadline) throw expired();
        const verdict = gate
          ? await gate.review(message)
          : { action: 'deliver' as const, text: message.text };
        if (!('action' in verdict)) return verdict;
        const result = await append({
          ...message,
          text: verdict.text,
          topic: verdict.topic,
          reading: verdict.reading,
          deadline: ticket?.deadline,
        });
        if (result !== 'held') return { status: 'sent', message: presentMessage(result.row) };
        // The clientId is a held intervention's (a retry that now passes): it answers.
        if (!gate) throw conflict('That message is waiting for its sender’s decision');
        return gate.heldResult(message);
      } finally {
        ticket?.done();
      }
    },

    /** Mediation plugs in here (built after messaging, which it delivers through). */
    useGate(next: SendGate): void {
      gate = next;
    },

    /** Called after every committed and announced message (outbox wake-up, learning). */
    onDelivered(listener: (delivered: Delivered) => void): void {
      listeners.push(listener);
    },

    /** How a thread a message opened is announced (the threads domain's presenter). */
    onThreadOpened(emit: (thread: ThreadRow) => void): void {
      emitThread = emit;
    },
  };
}

export type SendCommand = ReturnType<typeof createSendCommand>;
