import { chatRoom, sessionRoom, userRoom, type AppServer } from './channels.js';
import type { ServerToClientEvents } from '../shared/socketEvents.js';
import type { Presence } from './presence.js';

/**
 * The services' one way to reach connected clients. Services are built before
 * socket.io exists (and scripts run without it), so the hub is bound late;
 * until then emits go nowhere and nobody counts as online.
 */
export interface RealtimeHub {
  /** Binds socket.io and the node's presence map (io.ts, once socket.io exists). */
  attach(io: AppServer, presence?: Presence): void;
  emitToRoom<E extends keyof ServerToClientEvents>(
    roomId: string,
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): void;
  emitToUser<E extends keyof ServerToClientEvents>(
    userId: number,
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): void;
  /** Makes every connected socket of these users (on any node) join the room. */
  joinRoom(userIds: number[], roomId: string): Promise<void>;
  /**
   * Whether the user has a connected socket on any node, asked of the
   * cluster (fetchSockets: a round trip through the adapter with several
   * nodes). For the outbox, not the send path.
   */
  isOnline(userId: number): Promise<boolean>;
  /** The same from this node's memory (presence.ts): no I/O, for the send path. */
  hasSocket(userId: number): boolean;
  /** Disconnects, on every node, the sockets opened with these sessions (their ids). */
  disconnectSessions(sessionIds: string[]): void;
  /** Disconnects every socket of the user on every node. */
  disconnectUser(userId: number): void;
}

export function createRealtimeHub(): RealtimeHub {
  let io: AppServer | undefined;
  let presence: Presence | undefined;
  return {
    attach(server, nodePresence) {
      io = server;
      presence = nodePresence;
    },
    emitToRoom(roomId, event, ...args) {
      io?.to(chatRoom(roomId)).emit(event, ...args);
    },
    emitToUser(userId, event, ...args) {
      io?.to(userRoom(userId)).emit(event, ...args);
    },
    async joinRoom(userIds, roomId) {
      if (!io || userIds.length === 0) return;
      await Promise.resolve(io.in(userIds.map(userRoom)).socketsJoin(chatRoom(roomId)));
    },
    disconnectSessions(sessionIds) {
      if (!io || sessionIds.length === 0) return;
      io.in(sessionIds.map(sessionRoom)).disconnectSockets(true);
    },
    disconnectUser(userId) {
      io?.in(userRoom(userId)).disconnectSockets(true);
    },
    hasSocket(userId) {
      return presence?.hasSocket(userId) ?? false;
    },
    async isOnline(userId) {
      if (!io) return false;
      const sockets = await io.in(userRoom(userId)).fetchSockets();
      return sockets.length > 0;
    },
  };
}
