import { createAuthService } from './auth/authService.js';
import { createBcryptHasher } from './auth/passwords.js';
import { createUserRepository } from './auth/userRepository.js';
import type { Context } from './context.js';
import { createMessageRepository } from './messages/messageRepository.js';
import { createSocketLimits } from './messages/events.js';
import { createMessageService } from './messages/messageService.js';
import { createConnectionRepository } from './realtime/connections.js';
import { createRealtimeHub } from './realtime/hub.js';
import { sharedLimiter } from './shared/rateLimit.js';

/**
 * Builds every repository and service once per process. Transports (routes,
 * socket events) receive what they need from here; nothing else news them up.
 */
export function createServices(ctx: Context) {
  const store = { pool: ctx.db.pool, redis: ctx.redis };
  const users = createUserRepository(ctx.db);
  const auth = createAuthService({
    users,
    hasher: createBcryptHasher(ctx.config.BCRYPT_ROUNDS),
    loginFailuresByEmail: sharedLimiter(store, {
      name: 'login_email',
      points: 10,
      durationSeconds: 15 * 60,
    }),
    loginFailuresByIp: sharedLimiter(store, {
      name: 'login_ip',
      points: 50,
      durationSeconds: 15 * 60,
    }),
  });
  const hub = createRealtimeHub();
  const connections = createConnectionRepository(ctx.db);
  const messageRepository = createMessageRepository(ctx.db);
  const messages = createMessageService({ db: ctx.db, messages: messageRepository, hub });
  const socketLimits = createSocketLimits(ctx.config.SOCKET_SENDS_PER_SECOND);
  return { users, auth, hub, connections, messageRepository, messages, socketLimits };
}

export type Services = ReturnType<typeof createServices>;
