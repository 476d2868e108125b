import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Logger } from '../shared/logger.js';
import { userRoom, type AppServer } from './channels.js';

/** Who has a socket where, answered from memory (the send path asks per message). */
export interface Presence {
  /**
   * Whether the user has a socket on this node or, as last heard, on another.
   * No I/O. May lag a disconnect elsewhere by a moment (like any snapshot);
   * the outbox handler asks the cluster again before notifying.
   */
  hasSocket(userId: number): boolean;
  /** Says goodbye to the other nodes and stops the heartbeat. */
  close(): void;
}

export interface PresenceOptions {
  /** Whether other nodes exist behind a cluster adapter (else: local only). */
  clustered: boolean;
  logger: Logger;
  /** How often this node repeats its full user list (default 5 s). */
  heartbeatMs?: number;
}

const nodeSchema = z.object({ node: z.string().min(1).max(64) });
const listSchema = nodeSchema.extend({
  users: z.array(z.number().int().positive()).max(1_000_000),
  /** Set on an answer to a newcomer, so answers are not answered. */
  reply: z.boolean().optional(),
});
const changeSchema = nodeSchema.extend({
  userId: z.number().int().positive(),
  online: z.boolean(),
});

/**
 * Presence kept in memory on every node. Local sockets come from the
 * adapter's own room table (`user:<id>`), exact and synchronous. With several
 * nodes, each tells the others through the adapter (serverSideEmit: NOTIFY
 * or a Redis stream, never a query per message) when a user's first socket
 * there connects or the last one leaves, and repeats its whole list every
 * heartbeat; a newcomer's list is answered with ours. A node not heard from
 * in three heartbeats (crashed) is forgotten, and one that stops says so.
 * Errors lean towards "offline": that costs an outbox row whose handler finds
 * the user online after all; the other way would lose a notification.
 */
export function createPresence(io: AppServer, options: PresenceOptions): Presence {
  const { clustered, logger } = options;
  const heartbeatMs = options.heartbeatMs ?? 5000;
  const localRooms = () => io.of('/').adapter.rooms;
  const hasLocal = (userId: number) => (localRooms().get(userRoom(userId))?.size ?? 0) > 0;

  if (!clustered) return { hasSocket: hasLocal, close: () => undefined };

  const self = randomUUID();
  const others = new Map<string, { users: Set<number>; heardAt: number }>();

  const localUsers = (): number[] => {
    const users: number[] = [];
    for (const [name, members] of localRooms()) {
      if (members.size > 0 && name.startsWith('user:')) users.push(Number(name.slice(5)));
    }
    return users;
  };
  const announce = (reply = false) =>
    io.serverSideEmit('presence:node', { node: self, users: localUsers(), reply });

  const heard = (node: string) => {
    let entry = others.get(node);
    if (!entry) others.set(node, (entry = { users: new Set(), heardAt: 0 }));
    entry.heardAt = Date.now();
    return entry;
  };

  io.on('presence:node', (raw: unknown) => {
    const update = listSchema.safeParse(raw);
    if (!update.success) return logger.warn('malformed presence list from another node');
    const known = others.has(update.data.node);
    heard(update.data.node).users = new Set(update.data.users);
    if (!known && !update.data.reply) announce(true); // a newcomer: tell it ours at once
  });
  io.on('presence:user', (raw: unknown) => {
    const change = changeSchema.safeParse(raw);
    if (!change.success) return logger.warn('malformed presence change from another node');
    const { users } = heard(change.data.node);
    if (change.data.online) users.add(change.data.userId);
    else users.delete(change.data.userId);
  });
  io.on('presence:bye', (raw: unknown) => {
    const bye = nodeSchema.safeParse(raw);
    if (bye.success) others.delete(bye.data.node);
  });

  io.on('connection', (socket) => {
    const userId = socket.data.userId;
    if (localRooms().get(userRoom(userId))?.size === 1) {
      io.serverSideEmit('presence:user', { node: self, userId, online: true });
    }
    socket.on('disconnect', () => {
      // The socket has left its rooms by now.
      if (!hasLocal(userId)) {
        io.serverSideEmit('presence:user', { node: self, userId, online: false });
      }
    });
  });

  announce();
  const timer = setInterval(() => {
    const stale = Date.now() - 3 * heartbeatMs;
    for (const [node, entry] of others) if (entry.heardAt < stale) others.delete(node);
    announce();
  }, heartbeatMs);
  timer.unref();

  return {
    hasSocket(userId) {
      if (hasLocal(userId)) return true;
      const stale = Date.now() - 3 * heartbeatMs;
      for (const entry of others.values()) {
        if (entry.heardAt >= stale && entry.users.has(userId)) return true;
      }
      return false;
    },
    close() {
      clearInterval(timer);
      io.serverSideEmit('presence:bye', { node: self });
    },
  };
}
