/**
 * The socket protocol as zod schemas: what each client event carries (the
 * schemas the handlers parse with) and what the server sends back. The
 * TypeScript event map (socketEvents.ts) and the AsyncAPI document
 * (server/apiDocs/) are both derived from here, so they cannot drift apart.
 */
import { z } from 'zod';
import { draftPayload, resolvePayload } from '../mediation/schema.js';
import {
  correctPayload,
  historyPayload,
  readPayload,
  sendPayload,
  syncPayload,
  typingPayload,
} from '../messages/schema.js';

const id = z.number().int().positive();
const timestamp = z.string().describe('ISO 8601 date-time');

export const messageView = z.object({
  id,
  roomId: z.uuid(),
  seq: z.number().int().min(1),
  clientId: z.string(),
  sender: z.object({ id, displayName: z.string() }),
  type: z.enum(['user', 'system', 'correction']),
  correctsId: id.optional(),
  text: z.string(),
  threadId: z.uuid().nullable(),
  createdAt: timestamp,
  hash: z.string().describe('SHA-256 of (previous hash, seq, sender, text, created_at), hex'),
});

export const interventionView = z.object({
  id: z.uuid(),
  roomId: z.uuid(),
  clientId: z.string(),
  originalText: z.string(),
  suggestions: z.array(z.string()),
  patterns: z.array(z.string()),
  risk: z.number().min(0).max(1),
  explanation: z.string(),
  canSendOriginal: z
    .boolean()
    .describe('Whether "send original" is allowed for this one (threats never are)'),
  createdAt: timestamp,
});

export const threadView = z.object({
  id: z.uuid(),
  roomId: z.uuid(),
  title: z.string(),
  category: z.string(),
  parentThreadId: z.uuid().nullable(),
  messageCount: z.number().int().min(0),
  lastMessageAt: timestamp.nullable(),
  isArchived: z.boolean(),
  createdAt: timestamp,
});

export const notificationView = z.object({
  id,
  type: z.string(),
  title: z.string(),
  body: z.string().nullable(),
  relatedId: z.string().nullable(),
  relatedType: z.string().nullable(),
  isRead: z.boolean(),
  createdAt: timestamp,
});

export const sendResult = z.discriminatedUnion('status', [
  z.object({ status: z.literal('sent'), message: messageView }),
  z.object({ status: z.literal('held'), intervention: interventionView }),
  /** A held message its sender discarded (or left unresolved too long): nothing was delivered. */
  z.object({ status: z.literal('discarded') }),
]);

const empty = z.object({});

/**
 * Client -> server events: the payload each handler parses, and what its ack
 * carries besides `ok: true` (every ack may instead be `{ ok: false, error }`).
 */
export const clientEvents = {
  'message:send': {
    summary: 'Send a message (mediated first; idempotent per clientId)',
    payload: sendPayload,
    ack: sendResult,
  },
  'intervention:resolve': {
    summary: 'Resolve a held message: accept a suggestion, edit, send the original, or discard',
    payload: resolvePayload,
    ack: sendResult,
  },
  'messages:sync': {
    summary:
      'Everything after afterSeq, in order, a page at a time (called on every (re)connect; repeat while hasMore)',
    payload: syncPayload,
    ack: z.object({ messages: z.array(messageView), hasMore: z.boolean() }),
  },
  'messages:history': {
    summary: 'A page of older messages, newest first',
    payload: historyPayload,
    ack: z.object({ messages: z.array(messageView), hasMore: z.boolean() }),
  },
  'message:read': {
    summary: 'Every message up to seq is now viewed by the reader',
    payload: readPayload,
    ack: empty,
  },
  typing: {
    summary: 'Typing indicator, relayed to the others',
    payload: typingPayload,
    ack: empty,
  },
  'message:correct': {
    summary: 'Correct one of your messages: a new chained message of type correction',
    payload: correctPayload,
    ack: sendResult,
  },
  'draft:analyze': {
    summary: 'The local mediator on a draft (the live meter while typing)',
    payload: draftPayload,
    ack: z.object({ risk: z.number().min(0).max(1), patterns: z.array(z.string()) }),
  },
} as const;

/** Server -> client events and their payloads. */
export const serverEvents = {
  'message:new': {
    summary: 'A delivered message, to every socket of every member (the sender’s other tabs too)',
    payload: messageView,
  },
  'message:read': {
    summary: 'A read receipt (the first-viewed time is kept)',
    payload: z.object({ roomId: z.uuid(), userId: id, seq: z.number().int(), readAt: timestamp }),
  },
  typing: {
    summary: 'Someone else in the room is (not) typing',
    payload: z.object({ roomId: z.uuid(), userId: id, typing: z.boolean() }),
  },
  presence: {
    summary: 'A co-parent came online or went offline',
    payload: z.object({ userId: id, online: z.boolean() }),
  },
  'thread:update': { summary: 'A thread was created or changed', payload: threadView },
  notification: { summary: 'A new in-app notification', payload: notificationView },
} as const;

export type ClientEventName = keyof typeof clientEvents;
export type ServerEventName = keyof typeof serverEvents;
