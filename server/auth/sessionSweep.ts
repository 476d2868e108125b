import type { IncomingMessage } from 'node:http';
import type { AppServer } from '../realtime/channels.js';
import type { Logger } from '../shared/logger.js';
import type { SessionRepository } from './sessionRepository.js';

/**
 * Each node re-checks, on a timer, that the sessions its sockets were opened
 * with still exist and have not expired; a socket whose session is gone
 * (deleted in SQL, expired, ended by a node that missed the broadcast) is
 * disconnected. One query per node per tick, whatever the number of sockets.
 */
export function startSessionSweep(
  io: AppServer,
  deps: { sessions: SessionRepository; logger: Logger; intervalMs: number },
): { stop(): void; runOnce(): Promise<number> } {
  async function runOnce(): Promise<number> {
    const bySession = new Map<string, { disconnect(close: boolean): unknown }[]>();
    for (const socket of io.of('/').sockets.values()) {
      const sid = (socket.request as IncomingMessage & { sessionID?: string }).sessionID;
      if (!sid) continue;
      const list = bySession.get(sid) ?? [];
      list.push(socket);
      bySession.set(sid, list);
    }
    const live = await deps.sessions.live([...bySession.keys()]);
    let ended = 0;
    for (const [sid, sockets] of bySession) {
      if (live.has(sid)) continue;
      for (const socket of sockets) socket.disconnect(true);
      ended += sockets.length;
    }
    return ended;
  }

  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    runOnce()
      .then((ended) => {
        if (ended > 0) deps.logger.info({ sockets: ended }, 'sockets of ended sessions closed');
      })
      .catch((err: unknown) => deps.logger.warn({ err }, 'session sweep failed'))
      .finally(() => {
        running = false;
      });
  }, deps.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer), runOnce };
}
