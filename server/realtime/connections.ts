import type { RoomRepository } from '../rooms/roomRepository.js';
import type { Logger } from '../shared/logger.js';
import type { AppSocket } from '../shared/socketHandler.js';
import { chatRoom, userRoom, type AppServer } from './channels.js';

/** Where a user's sockets belong: the rooms they are a member of. */
type Memberships = Pick<RoomRepository, 'roomIdsForUser'>;

/**
 * Handshake step: join `user:<id>` and every `room:<id>` before the
 * connection completes, so no `message:new` can slip past a fresh socket.
 */
export async function joinOwnChannels(socket: AppSocket, rooms: Memberships): Promise<string[]> {
  const userId = socket.data.userId;
  const channels = (await rooms.roomIdsForUser(userId)).map(chatRoom);
  await socket.join([userRoom(userId), ...channels]);
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
  deps: { logger: Logger; rooms: Memberships },
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

  socket.on('disconnect', () => {
    void (async () => {
      const remaining = await io.in(userRoom(userId)).fetchSockets();
      if (remaining.length === 0) {
        // The socket has left its rooms by now: read them again.
        const current = (await deps.rooms.roomIdsForUser(userId)).map(chatRoom);
        if (current.length > 0) io.to(current).emit('presence', { userId, online: false });
      }
    })().catch((err: unknown) => deps.logger.warn({ err }, 'presence update failed'));
  });
}
