import type { RealtimeHub } from '../realtime/hub.js';
import type { SessionRepository } from './sessionRepository.js';

/**
 * Ending sessions so that live sockets end with them: the session rows go,
 * and the sockets opened with them are disconnected on every node (through
 * the cluster adapter) at once, not at their next reconnect.
 */
export function createSessionControl(deps: { sessions: SessionRepository; hub: RealtimeHub }) {
  return {
    /** After logout: the sockets of that one session. */
    ended(sessionId: string): void {
      deps.hub.disconnectSessions([sessionId]);
    },

    /** Password change or reset: every session of the user but `keep` (the caller's own). */
    async endOthers(userId: number, keep: string | undefined): Promise<number> {
      const ended = await deps.sessions.deleteForUser(userId, keep);
      deps.hub.disconnectSessions(ended);
      return ended.length;
    },

    /** "Sign out everywhere": every session and socket of the user, this one included. */
    async endAll(userId: number): Promise<number> {
      const ended = await deps.sessions.deleteForUser(userId);
      deps.hub.disconnectUser(userId);
      return ended.length;
    },
  };
}

export type SessionControl = ReturnType<typeof createSessionControl>;
