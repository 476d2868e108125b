import type { Logger } from '../shared/logger.js';
import type { AppSocket } from '../shared/socketHandler.js';
import { chatRoom, userRoom, type AppServer } from './channels.js';

/**
 * Handshake step: join `user:<id>` and `room:<id>` for every room the user
 * belongs to (read with the user, one statement) before the connection
 * completes, so no `message:new` can slip past a fresh socket.
 */
export async function joinOwnChannels(socket: AppSocket, roomIds: string[]): Promise<string[]> {
  const channels = roomIds.map(chatRoom);
  await socket.join([userRoom(socket.data.userId), ...channels]);
  return channels;
}

/**
 * After connect: announce presence when this is the user's first socket
 * anywhere in the cluster, and tell the new socket which co-members are
 * online. On the last disconnect: announce offline.
 */
export async function trackPresence(
  io: AppServer,
  socket: AppSocket,
  deps: { logger: Logger },
): Promise<void> {
  const userId = socket.data.userId;
  const channels = [...socket.rooms].filter((r) => r.startsWith('room:'));

  const mine = await io.in(userRoom(userId)).fetchSockets();
  if (mine.length === 1 && channels.length > 0) {
    socket.to(channels).emit('presence', { userId, online: true });
  }
  if (channels.length > 0) {
    const others = await io.in(channels).fetchSockets();
    const online = new Set(others.map((s) => s.data.userId).filter((id) => id !== userId));
    for (const id of online) socket.emit('presence', { userId: id, online: true });
  }

  // The rooms as they are when the socket starts leaving (rooms created
  // since the connect were joined by the hub): no read on the way out.
  let leaving: string[] = [];
  socket.on('disconnecting', () => {
    leaving = [...socket.rooms].filter((r) => r.startsWith('room:'));
  });
  socket.on('disconnect', () => {
    void (async () => {
      const remaining = await io.in(userRoom(userId)).fetchSockets();
      if (remaining.length === 0 && leaving.length > 0) {
        io.to(leaving).emit('presence', { userId, online: false });
      }
    })().catch((err: unknown) => deps.logger.warn({ err }, 'presence update failed'));
  });
}
