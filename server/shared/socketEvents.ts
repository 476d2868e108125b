/**
 * The socket protocol (DESIGN.md "Socket protocol") as TypeScript types,
 * shared by the server and every client (web client, tests, benchmarks).
 * Every type is derived from the zod schemas in socketSchemas.ts: one source
 * for the handlers' validation, these types and the AsyncAPI document.
 */
import type { z } from 'zod';
import type { ErrorBody } from './errors.js';
import type {
  ClientEventName,
  clientEvents,
  interventionView,
  messageView,
  notificationView,
  sendResult,
  ServerEventName,
  serverEvents,
  threadView,
} from './socketSchemas.js';

export type Ack<T extends object = object> = (
  response: ({ ok: true } & T) | { ok: false; error: ErrorBody },
) => void;

export type MessageView = z.infer<typeof messageView>;
export type InterventionView = z.infer<typeof interventionView>;
export type ThreadView = z.infer<typeof threadView>;
export type NotificationView = z.infer<typeof notificationView>;
export type SendResult = z.infer<typeof sendResult>;

/** What a client sends with event E (the schema's input: before trimming and defaults). */
export type ClientPayload<E extends ClientEventName> = z.input<(typeof clientEvents)[E]['payload']>;
/** What the ack of event E carries besides `ok: true`. */
export type AckResult<E extends ClientEventName> = z.infer<(typeof clientEvents)[E]['ack']>;

export type ClientToServerEvents = {
  [E in ClientEventName]: (payload: ClientPayload<E>, ack: Ack<AckResult<E>>) => void;
};

export type ServerToClientEvents = {
  [E in ServerEventName]: (payload: z.infer<(typeof serverEvents)[E]['payload']>) => void;
};

/** Server-to-server events (between nodes through the adapter). */
export interface InterServerEvents {
  /** A node's users with a socket there (heartbeat; `reply` answers a newcomer). */
  'presence:node': (list: { node: string; users: number[]; reply?: boolean }) => void;
  /** A user's first socket on a node connected, or the last one left. */
  'presence:user': (change: { node: string; userId: number; online: boolean }) => void;
  /** A node is stopping: forget its users. */
  'presence:bye': (bye: { node: string }) => void;
}

/** What the handshake puts on each socket. */
export interface SocketData {
  userId: number;
  displayName: string;
}
