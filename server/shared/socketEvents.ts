/**
 * The socket protocol (DESIGN.md "Socket protocol"), declared once and shared
 * by the server and every client (web client, tests, benchmarks).
 */
import type { ErrorBody } from './errors.js';

export type Ack<T extends object = object> = (
  response: ({ ok: true } & T) | { ok: false; error: ErrorBody },
) => void;

export interface MessageView {
  id: number;
  roomId: string;
  seq: number;
  clientId: string;
  sender: { id: number; displayName: string };
  type: 'user' | 'system' | 'correction';
  correctsId?: number;
  text: string;
  threadId: string | null;
  createdAt: string;
  hash: string;
}

export interface InterventionView {
  id: string;
  roomId: string;
  clientId: string;
  originalText: string;
  suggestions: string[];
  patterns: string[];
  risk: number;
  explanation: string;
  /** Whether "send original" is allowed for this one (threats never are). */
  canSendOriginal: boolean;
  createdAt: string;
}

export interface ThreadView {
  id: string;
  roomId: string;
  title: string;
  category: string;
  parentThreadId: string | null;
  messageCount: number;
  lastMessageAt: string | null;
  isArchived: boolean;
  createdAt: string;
}

export interface NotificationView {
  id: number;
  type: string;
  title: string;
  body: string | null;
  relatedId: string | null;
  relatedType: string | null;
  isRead: boolean;
  createdAt: string;
}

export type SendResult =
  | { status: 'sent'; message: MessageView }
  | { status: 'held'; intervention: InterventionView }
  /** A held message its sender discarded (or left unresolved too long): nothing was delivered. */
  | { status: 'discarded' };

export interface ClientToServerEvents {
  'message:send': (
    payload: { roomId: string; clientId: string; text: string; threadId?: string },
    ack: Ack<SendResult>,
  ) => void;
  'intervention:resolve': (
    payload: {
      interventionId: string;
      choice: 'accept' | 'edit' | 'send_original' | 'discard';
      suggestionIndex?: number;
      text?: string;
    },
    ack: Ack<SendResult | { status: 'discarded' }>,
  ) => void;
  'messages:sync': (
    payload: { roomId: string; afterSeq: number },
    ack: Ack<{ messages: MessageView[] }>,
  ) => void;
  'messages:history': (
    payload: { roomId: string; beforeSeq?: number; limit?: number },
    ack: Ack<{ messages: MessageView[]; hasMore: boolean }>,
  ) => void;
  'message:read': (payload: { roomId: string; seq: number }, ack: Ack) => void;
  typing: (payload: { roomId: string; typing: boolean }, ack: Ack) => void;
  'message:correct': (
    payload: { messageId: number; clientId: string; text: string },
    ack: Ack<SendResult>,
  ) => void;
  'draft:analyze': (
    payload: { roomId: string; text: string },
    ack: Ack<{ risk: number; patterns: string[] }>,
  ) => void;
}

export interface ServerToClientEvents {
  'message:new': (message: MessageView) => void;
  'message:read': (receipt: {
    roomId: string;
    userId: number;
    seq: number;
    readAt: string;
  }) => void;
  typing: (event: { roomId: string; userId: number; typing: boolean }) => void;
  presence: (event: { userId: number; online: boolean }) => void;
  'thread:update': (thread: ThreadView) => void;
  notification: (notification: NotificationView) => void;
}

/** Server-to-server events (between nodes through the adapter). */
export type InterServerEvents = Record<string, never>;

/** What the handshake puts on each socket. */
export interface SocketData {
  userId: number;
  displayName: string;
}
