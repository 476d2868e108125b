/**
 * socket.io's names and server type, in a leaf module: the hub, the socket
 * handlers and the adapter import these without importing io.ts (which
 * imports the container), so the container → messaging → hub → io →
 * container cycle cannot form again.
 */
import { createHash } from 'node:crypto';
import type { Server } from 'socket.io';
import type {
  ClientToServerEvents,
  InterServerEvents,
  ServerToClientEvents,
  SocketData,
} from '../shared/socketEvents.js';

/** The process's typed socket.io server. */
export type AppServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;

/** Channel of every socket of one user. */
export const userRoom = (userId: number) => `user:${userId}`;
/** Channel of every member socket of one chat room. */
export const chatRoom = (roomId: string) => `room:${roomId}`;
/**
 * The sockets opened with one login session. Named by a hash of the session
 * id: room names travel between nodes, the id itself is a credential.
 */
export const sessionRoom = (sessionId: string) =>
  `session:${createHash('sha256').update(sessionId).digest('base64url').slice(0, 22)}`;
