import { chatRoom } from '../realtime/channels.js';
import type { Logger } from '../shared/logger.js';
import { localLimiter, type Limiter } from '../shared/rateLimit.js';
import { onEvent, type AppSocket } from '../shared/socketHandler.js';
import type { MediationService } from './mediationService.js';
import { draftPayload, resolvePayload } from './schema.js';

/** Live-meter checks one socket may ask for per second (the client debounces keystrokes). */
const DRAFTS_PER_SECOND = 10;

/** Per-socket limits of the mediation events, one set per process. */
export interface MediationSocketLimits {
  draft: Limiter;
}

export function createMediationSocketLimits(): MediationSocketLimits {
  return {
    draft: localLimiter({ name: 'socket_draft', points: DRAFTS_PER_SECOND, durationSeconds: 1 }),
  };
}

/**
 * `intervention:resolve` and `draft:analyze` of one authenticated socket
 * (thin: parse, limit, call the service). A resolve may deliver, so it
 * spends from the socket's send budget.
 */
export function registerMediationEvents(
  socket: AppSocket,
  deps: {
    mediation: MediationService;
    logger: Logger;
    /** Spends from the socket's and its user's send budgets (messages/events.ts). */
    spendSend: (socket: AppSocket) => Promise<void>;
    limits: MediationSocketLimits;
  },
): void {
  const { mediation, logger } = deps;
  const userId = socket.data.userId;

  onEvent(socket, logger, 'intervention:resolve', resolvePayload, async (p) => {
    await deps.spendSend(socket);
    return mediation.resolve(userId, p);
  });

  onEvent(socket, logger, 'draft:analyze', draftPayload, async (p) => {
    await deps.limits.draft.consume(socket.id);
    // The socket is in the room's channel only if its user is a member; the
    // query is for rooms joined after the socket connected.
    if (socket.rooms.has(chatRoom(p.roomId))) return mediation.analyzeDraftText(p.text);
    return mediation.analyzeDraft(userId, p.roomId, p.text);
  });
}
