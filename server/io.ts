import type http from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { Server } from 'socket.io';
import type { Services } from './container.js';
import type { Context } from './context.js';
import type { AppSocket } from './shared/socketHandler.js';
import type {
  ClientToServerEvents,
  InterServerEvents,
  ServerToClientEvents,
  SocketData,
} from './shared/socketEvents.js';

export type AppServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData
>;

/** socket.io room names, in one place. */
export const userRoom = (userId: number) => `user:${userId}`;
export const chatRoom = (roomId: string) => `room:${roomId}`;

/** A domain's socket handlers, registered on every authenticated socket. */
export type SocketModule = (socket: AppSocket) => void;

/**
 * socket.io on the HTTP server. The handshake reuses the express session: no
 * signed-in session, no connection (`connect_error` "unauthorized").
 */
export function createIo(
  httpServer: http.Server,
  ctx: Context,
  services: Services,
  session: RequestHandler,
): AppServer {
  const io: AppServer = new Server(httpServer, {
    // Large enough that an oversized message reaches zod and gets a clear
    // validation error instead of a silent disconnect.
    maxHttpBufferSize: 2_000_000,
    transports: ['websocket', 'polling'],
    cors: { origin: false },
  });
  io.engine.use(session);

  io.use((socket, next) => {
    const req = socket.request as IncomingMessage & { session?: { userId?: number } };
    const userId = req.session?.userId;
    if (typeof userId !== 'number') return next(new Error('unauthorized'));
    services.users.findById(userId).then(
      (user) => {
        if (!user) return next(new Error('unauthorized'));
        socket.data.userId = user.id;
        socket.data.displayName = user.display_name;
        next();
      },
      (err: unknown) => {
        ctx.logger.error({ err }, 'socket handshake failed');
        next(new Error('internal'));
      },
    );
  });

  return io;
}
