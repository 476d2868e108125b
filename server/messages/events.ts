import type { Logger } from '../shared/logger.js';
import { localLimiter, type Limiter } from '../shared/rateLimit.js';
import { onEvent, type AppSocket } from '../shared/socketHandler.js';
import { chatRoom } from '../realtime/channels.js';
import type { MessageService } from './messageService.js';
import {
  correctPayload,
  historyPayload,
  readPayload,
  sendPayload,
  syncPayload,
  typingPayload,
} from './schema.js';

/** Per-socket limits, one set per process (counters keyed by socket id, `userSend` by user). */
export interface SocketLimits {
  send: Limiter;
  /** Sends of one user across all their sockets on this node. */
  userSend: Limiter;
  read: Limiter;
}

/**
 * Bursts per socket, and per user across sockets (twenty tabs must not send
 * twenty times as much): a stuck client or a script can't flood a room.
 * Answered with rate_limited in the ack; the socket stays connected. In
 * memory on purpose (the send path reads nothing from the database that
 * memory can hold), so a user spread over N nodes gets N budgets.
 */
export function createSocketLimits(
  sendsPerSecond: number,
  userSendsPerSecond: number,
): SocketLimits {
  return {
    send: localLimiter({ name: 'socket_send', points: sendsPerSecond, durationSeconds: 1 }),
    userSend: localLimiter({ name: 'user_send', points: userSendsPerSecond, durationSeconds: 1 }),
    read: localLimiter({ name: 'socket_read', points: 50, durationSeconds: 1 }),
  };
}

/** Spends one send from the socket's budget and from its user's. */
export async function spendSend(limits: SocketLimits, socket: AppSocket): Promise<void> {
  await limits.send.consume(socket.id);
  await limits.userSend.consume(String(socket.data.userId));
}

/** Message events of one authenticated socket (thin: parse, authorize, call the service). */
export function registerMessageEvents(
  socket: AppSocket,
  deps: { messages: MessageService; logger: Logger; limits: SocketLimits },
): void {
  const { messages, logger } = deps;
  const readLimit = deps.limits.read;
  const userId = socket.data.userId;

  onEvent(socket, logger, 'message:send', sendPayload, async (p) => {
    await spendSend(deps.limits, socket);
    return messages.send({
      roomId: p.roomId,
      senderId: userId,
      clientId: p.clientId,
      text: p.text,
      threadId: p.threadId,
    });
  });

  onEvent(socket, logger, 'message:correct', correctPayload, async (p) => {
    await spendSend(deps.limits, socket);
    return messages.correct({ userId, messageId: p.messageId, clientId: p.clientId, text: p.text });
  });

  onEvent(socket, logger, 'messages:sync', syncPayload, async (p) => {
    await readLimit.consume(socket.id);
    return messages.sync(userId, p.roomId, p.afterSeq);
  });

  onEvent(socket, logger, 'messages:history', historyPayload, async (p) => {
    await readLimit.consume(socket.id);
    return messages.history(userId, p.roomId, p.beforeSeq, p.limit);
  });

  onEvent(socket, logger, 'message:read', readPayload, async (p) => {
    await readLimit.consume(socket.id);
    await messages.markRead(userId, p.roomId, p.seq);
    return {};
  });

  onEvent(socket, logger, 'typing', typingPayload, async (p) => {
    await readLimit.consume(socket.id);
    // The socket is in the room's channel only if its user is a member:
    // cheaper than a query for an event sent on every keystroke.
    if (!socket.rooms.has(chatRoom(p.roomId))) await messages.requireMember(p.roomId, userId);
    socket.to(chatRoom(p.roomId)).volatile.emit('typing', {
      roomId: p.roomId,
      userId,
      typing: p.typing,
    });
    return {};
  });
}
