import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { messageView, type ClientEventName } from '../../../server/shared/socketSchemas.js';
import { emitAck } from '../sockets.js';
import { HOSTILE, marker, type Role, type World } from './world.js';

/** 'ok', or the error code of the ack; anonymous never gets a socket ('unauthorized'). */
export type SocketExpected = Record<Role, string>;

export interface SocketRow {
  event: ClientEventName;
  note?: string;
  expected: SocketExpected;
  payload(w: World, t: Record<string, string>, role: Role): unknown;
  prepare?(w: World): Promise<Record<string, string>>;
  /** What an ok ack must be exactly (strict: no stray field reaches a reader). */
  ackShape?: z.ZodType;
}

const messagesAck = (extra: z.ZodRawShape = {}) =>
  z.strictObject({ ok: z.literal(true), messages: z.array(messageView.strict()), ...extra });

/** Both parents act in their room; the professional and the outsider find nothing. */
const parents: SocketExpected = {
  anonymous: 'unauthorized',
  outsider: 'not_found',
  otherParent: 'not_found',
  professional: 'not_found',
  coParent: 'ok',
  owner: 'ok',
};
/** The record's reads: the professional with a live grant too. */
const readers: SocketExpected = { ...parents, professional: 'ok' };
/** The owner's own held message or sent message: nobody else's to touch. */
const ownerOnly: SocketExpected = { ...parents, coParent: 'not_found' };

/** One row per client -> server event of the typed event map. */
export const SOCKET_ROWS: SocketRow[] = [
  {
    event: 'message:send',
    expected: parents,
    payload: (w) => ({ roomId: w.ids.roomId, clientId: randomUUID(), text: 'See you at noon.' }),
  },
  {
    event: 'message:send',
    note: "naming the owner's thread, into the caller's own room (the outsider's, the other parent's)",
    expected: { ...parents, outsider: 'ok', otherParent: 'ok' },
    payload: (w, _t, role) => ({
      roomId:
        role === 'outsider'
          ? w.outsiderRoomId
          : role === 'otherParent'
            ? w.otherRoomId
            : w.ids.roomId,
      clientId: randomUUID(),
      text: 'The school trip is on the 12th.',
      threadId: w.ids.threadId,
    }),
  },
  {
    event: 'intervention:resolve',
    note: "the owner's held message (discarded by the owner)",
    expected: ownerOnly,
    prepare: async (w) => {
      const text = marker('held-again');
      w.secrets.push({ label: 'held-again', value: text, scope: 'owner' });
      const ack = await emitAck(w.sockets.owner!, 'message:send', {
        roomId: w.ids.roomId,
        clientId: randomUUID(),
        text: `${HOSTILE} ${text}`,
      });
      if (!ack.ok || ack.status !== 'held') throw new Error(`held: ${JSON.stringify(ack)}`);
      w.captures.push({ role: 'owner', where: 'ack of a held send', text: JSON.stringify(ack) });
      return { id: ack.intervention.id };
    },
    payload: (_w, t) => ({ interventionId: t.id, choice: 'discard' }),
  },
  {
    event: 'messages:sync',
    expected: readers,
    ackShape: messagesAck({ hasMore: z.boolean() }),
    payload: (w) => ({ roomId: w.ids.roomId, afterSeq: 0 }),
  },
  {
    event: 'messages:history',
    expected: readers,
    ackShape: messagesAck({ hasMore: z.boolean() }),
    payload: (w) => ({ roomId: w.ids.roomId }),
  },
  {
    event: 'message:read',
    expected: parents,
    payload: (w) => ({ roomId: w.ids.roomId, seq: w.ids.messageSeq }),
  },
  {
    event: 'typing',
    expected: parents,
    payload: (w) => ({ roomId: w.ids.roomId, typing: true }),
  },
  {
    event: 'message:correct',
    note: "the owner's message: only its sender corrects it",
    expected: ownerOnly,
    payload: (w) => ({
      messageId: w.ids.messageId,
      clientId: randomUUID(),
      text: 'Pickup on Friday at 6pm.',
    }),
  },
  {
    event: 'draft:analyze',
    expected: parents,
    payload: (w) => ({ roomId: w.ids.roomId, text: 'Can we swap weekends?' }),
  },
];
