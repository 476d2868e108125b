import type http from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { Server } from 'socket.io';
import type { Services } from './container.js';
import { allowedOrigins, isAllowedRequest } from './auth/sameOrigin.js';
import { startSessionSweep } from './auth/sessionSweep.js';
import { registerMediationEvents } from './mediation/events.js';
import { registerMessageEvents, spendSend } from './messages/events.js';
import { attachClusterAdapter } from './realtime/adapter.js';
import { joinOwnChannels, trackPresence } from './realtime/connections.js';
import { createPresence } from './realtime/presence.js';
import type { Context } from './context.js';
import type { AppSocket } from './shared/socketHandler.js';
import { sessionRoom, type AppServer } from './realtime/channels.js';
import { observeSocketEvents } from './shared/socketObserver.js';

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
  const origins = allowedOrigins(ctx.publicUrl, ctx.config.ALLOWED_ORIGINS);
  const io: AppServer = new Server(httpServer, {
    // Large enough that an oversized message reaches zod and gets a clear
    // validation error instead of a silent disconnect.
    maxHttpBufferSize: 2_000_000,
    transports: ['websocket', 'polling'],
    cors: { origin: false },
    // Cross-site WebSockets carry the cookie (SameSite does not cover them):
    // only pages of our own origins may open one.
    allowRequest: (req, callback) => callback(null, isAllowedRequest(req, origins)),
  });
  const adapter = attachClusterAdapter(io, ctx);
  ctx.logger.debug({ adapter: adapter.kind }, 'socket.io adapter');

  io.engine.use(session);

  io.use((socket, next) => {
    const req = socket.request as IncomingMessage & {
      session?: { userId?: number };
      sessionID?: string;
    };
    const sessionId = req.sessionID;
    const userId = req.session?.userId;
    if (typeof userId !== 'number' || !sessionId) return next(new Error('unauthorized'));
    (async () => {
      const identity = await services.roomRepository.socketIdentity(userId);
      if (!identity) return next(new Error('unauthorized'));
      socket.data.userId = userId;
      socket.data.displayName = identity.displayName;
      await socket.join(sessionRoom(sessionId));
      await joinOwnChannels(socket, identity.roomIds);
      next();
    })().catch((err: unknown) => {
      ctx.logger.error({ err }, 'socket handshake failed');
      next(new Error('internal'));
    });
  });

  io.on('connection', (socket) => {
    observeSocketEvents(socket, { logger: ctx.logger, metrics: services.metrics });
    for (const register of socketModules(services, ctx)) register(socket);
    trackPresence(io, socket, { logger: ctx.logger }).catch((err: unknown) =>
      ctx.logger.warn({ err }, 'presence update failed'),
    );
  });
  const presence = createPresence(io, { clustered: adapter.kind !== 'memory', logger: ctx.logger });
  services.hub.attach(io, presence);
  const sweep = startSessionSweep(io, {
    sessions: services.sessionRepository,
    logger: ctx.logger,
    intervalMs: ctx.config.SESSION_CHECK_SECONDS * 1000,
  });
  return {
    io,
    async close() {
      sweep.stop();
      presence.close();
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
        spendSend: (socket) => spendSend(services.socketLimits, socket),
        limits: services.mediationLimits,
      }),
  ];
}
