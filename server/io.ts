import type http from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { Server } from 'socket.io';
import type { Services } from './container.js';
import { registerMediationEvents } from './mediation/events.js';
import { registerMessageEvents } from './messages/events.js';
import { attachClusterAdapter } from './realtime/adapter.js';
import { joinOwnChannels, trackPresence } from './realtime/connections.js';
import type { Context } from './context.js';
import type { AppSocket } from './shared/socketHandler.js';
import type { AppServer } from './realtime/channels.js';

export type { AppServer } from './realtime/channels.js';

/** A domain's socket handlers, registered on every authenticated socket. */
export type SocketModule = (socket: AppSocket) => void;

/**
 * socket.io on the HTTP server. The handshake reuses the express session: no
 * signed-in session, no connection (`connect_error` "unauthorized").
 * `close()` stops it and lets go of the cluster adapter's connections.
 */
export function createIo(
  httpServer: http.Server,
  ctx: Context,
  services: Services,
  session: RequestHandler,
): { io: AppServer; close(): Promise<void> } {
  const io: AppServer = new Server(httpServer, {
    // Large enough that an oversized message reaches zod and gets a clear
    // validation error instead of a silent disconnect.
    maxHttpBufferSize: 2_000_000,
    transports: ['websocket', 'polling'],
    cors: { origin: false },
  });
  const adapter = attachClusterAdapter(io, ctx);
  ctx.logger.debug({ adapter: adapter.kind }, 'socket.io adapter');

  io.engine.use(session);

  io.use((socket, next) => {
    const req = socket.request as IncomingMessage & { session?: { userId?: number } };
    const userId = req.session?.userId;
    if (typeof userId !== 'number') return next(new Error('unauthorized'));
    (async () => {
      const user = await services.users.findById(userId);
      if (!user) return next(new Error('unauthorized'));
      socket.data.userId = user.id;
      socket.data.displayName = user.display_name;
      await joinOwnChannels(socket, services.roomRepository);
      next();
    })().catch((err: unknown) => {
      ctx.logger.error({ err }, 'socket handshake failed');
      next(new Error('internal'));
    });
  });

  io.on('connection', (socket) => {
    for (const register of socketModules(services, ctx)) register(socket);
    trackPresence(io, socket, { rooms: services.roomRepository, logger: ctx.logger }).catch(
      (err: unknown) => ctx.logger.warn({ err }, 'presence update failed'),
    );
  });
  services.hub.attach(io);
  return {
    io,
    async close() {
      await io.close();
      await adapter.close();
    },
  };
}

/** Every domain's socket handlers, registered on each authenticated socket. */
function socketModules(services: Services, ctx: Context): SocketModule[] {
  return [
    (socket) =>
      registerMessageEvents(socket, {
        messages: services.messages,
        logger: ctx.logger,
        limits: services.socketLimits,
      }),
    (socket) =>
      registerMediationEvents(socket, {
        mediation: services.mediation,
        logger: ctx.logger,
        sendLimit: services.socketLimits.send,
        limits: services.mediationLimits,
      }),
  ];
}
