import { io as connectClient, type Socket } from 'socket.io-client';
import type {
  ClientToServerEvents,
  ServerToClientEvents,
} from '../../server/shared/socketEvents.js';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * A real socket.io client carrying a session cookie (websocket transport),
 * with any further handshake headers (e.g. `origin`, as a browser sends it).
 */
export async function connectSocket(
  baseUrl: string,
  cookie?: string,
  headers: Record<string, string> = {},
): Promise<ClientSocket> {
  const socket: ClientSocket = connectClient(baseUrl, {
    transports: ['websocket'],
    extraHeaders: { ...headers, ...(cookie ? { cookie } : {}) },
    reconnection: false,
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
  return socket;
}

type AckOf<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[1] extends (
  r: infer R,
) => void
  ? R
  : never;

/** Emits an event and resolves with its ack. */
export function emitAck<E extends keyof ClientToServerEvents>(
  socket: ClientSocket,
  event: E,
  payload: Parameters<ClientToServerEvents[E]>[0],
): Promise<AckOf<E>> {
  const emit = socket.emit.bind(socket) as (
    ev: string,
    p: unknown,
    ack: (r: AckOf<E>) => void,
  ) => void;
  return new Promise((resolve) => emit(event, payload, resolve));
}

/** Emits anything at all (malformed payloads), resolving with the ack. */
export function emitRaw(socket: ClientSocket, event: string, ...args: unknown[]): Promise<unknown> {
  const emit = socket.emit.bind(socket) as (ev: string, ...rest: unknown[]) => void;
  return new Promise((resolve) => emit(event, ...args, resolve));
}

/** Collects every payload of one server event on a socket. */
export function collect<E extends keyof ServerToClientEvents>(
  socket: ClientSocket,
  event: E,
): Parameters<ServerToClientEvents[E]>[0][] {
  const seen: Parameters<ServerToClientEvents[E]>[0][] = [];
  const on = socket.on.bind(socket) as (ev: string, fn: (p: never) => void) => void;
  on(event, (payload) => seen.push(payload));
  return seen;
}

/** Resolves once `predicate()` holds, polling every 10 ms (fails after `ms`). */
export async function until(
  predicate: () => boolean,
  ms = 5000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
