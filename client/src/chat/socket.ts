/**
 * The one socket.io connection of the signed-in user, its status as a small
 * external store (for the "disconnected" banner), and a typed ack request.
 */
import { io, type Socket } from 'socket.io-client';
import type {
  ClientToServerEvents,
  ServerToClientEvents,
} from '../../../server/shared/socketEvents.js';

export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type ConnectionStatus = 'connecting' | 'online' | 'offline';

let socket: AppSocket | null = null;
let status: ConnectionStatus = 'connecting';
const statusListeners = new Set<() => void>();
const connectHooks = new Set<(s: AppSocket) => void>();

function setStatus(next: ConnectionStatus): void {
  if (next === status) return;
  status = next;
  for (const fn of statusListeners) fn();
}

/** The socket, created (and connecting) on first use. */
export function getSocket(): AppSocket {
  if (socket) return socket;
  const s: AppSocket = io({ transports: ['websocket', 'polling'], withCredentials: true });
  s.on('connect', () => {
    setStatus('online');
    for (const hook of connectHooks) hook(s);
  });
  s.on('disconnect', () => setStatus('offline'));
  s.on('connect_error', () => setStatus('offline'));
  socket = s;
  return s;
}

// The browser knows before socket.io's heartbeat does: drop at once when the
// network goes, reconnect at once when it is back (no backoff wait).
if (typeof window !== 'undefined') {
  window.addEventListener('offline', () => socket?.disconnect());
  window.addEventListener('online', () => socket?.connect());
}

/**
 * Drops the connection (sign-out) or renews it (after pairing: the server
 * joins a socket to its rooms at the handshake, so a new room needs a new one).
 */
export function resetSocket(reconnect: boolean): void {
  if (!socket) return;
  socket.removeAllListeners();
  socket.disconnect();
  socket = null;
  status = 'connecting';
  if (reconnect) getSocket();
  for (const fn of statusListeners) fn();
}

/** Runs `hook` on every (re)connect of the current and future sockets. */
export function onConnect(hook: (s: AppSocket) => void): () => void {
  connectHooks.add(hook);
  if (socket?.connected) hook(socket);
  return () => connectHooks.delete(hook);
}

export const connection = {
  subscribe: (fn: () => void) => {
    statusListeners.add(fn);
    return () => void statusListeners.delete(fn);
  },
  get: () => status,
};

/** An ack that said no: its stable code and message. */
export class AckError extends Error {
  override name = 'AckError';
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

type Events = ClientToServerEvents;
type AckOf<E extends keyof Events> = Parameters<Events[E]>[1];
type OkOf<E extends keyof Events> = Extract<Parameters<AckOf<E>>[0], { ok: true }>;

/**
 * Emits `event` and waits for its ack (at most `timeoutMs`): resolves the
 * `{ ok: true }` answer, rejects with AckError (code 'timeout' or
 * 'disconnected' when no answer came).
 */
export function request<E extends keyof Events>(
  event: E,
  payload: Parameters<Events[E]>[0],
  timeoutMs = 15_000,
): Promise<OkOf<E>> {
  const s = getSocket();
  if (!s.connected) return Promise.reject(new AckError('disconnected', 'Not connected'));
  type Answer = { ok: boolean; error?: { code: string; message: string; details?: unknown } };
  const timed = s.timeout(timeoutMs) as unknown as {
    emit(e: string, p: unknown, cb: (err: Error | null, res: Answer) => void): void;
  };
  return new Promise((resolve, reject) => {
    timed.emit(event, payload, (err, res) => {
      if (err) return reject(new AckError('timeout', 'No answer from the server'));
      if (!res.ok) {
        const e = res.error ?? { code: 'internal', message: 'Something went wrong' };
        return reject(new AckError(e.code, e.message, e.details));
      }
      resolve(res as OkOf<E>);
    });
  });
}
