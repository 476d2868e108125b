import type { Metrics, SendStatus } from '../metrics/metrics.js';
import type { Logger } from './logger.js';
import { newRequestId, runWithRequestId } from './requestContext.js';
import type { AppSocket } from './socketHandler.js';

type AckResponse = { ok: true; status?: string } | { ok: false; error?: { code?: string } };

/** How a message:send ack reads as a metric status. */
function sendStatus(response: AckResponse): SendStatus {
  if (!response.ok) return 'refused';
  return response.status === 'held' || response.status === 'discarded' ? response.status : 'sent';
}

/**
 * Every client event of `socket` runs under a request id of its own (so each
 * of its log lines, and the outbox jobs it queues, name it), and its ack is
 * timed: a debug line per event, and for `message:send` the send counter and
 * latency histogram (socket in -> ack). The handlers themselves are untouched.
 */
export function observeSocketEvents(
  socket: AppSocket,
  deps: { logger: Logger; metrics: Metrics },
): void {
  socket.use((packet, next) => {
    const event = String(packet[0]);
    const requestId = newRequestId();
    const last = packet.length - 1;
    const ack: unknown = packet[last];
    if (last > 0 && typeof ack === 'function') {
      const started = process.hrtime.bigint();
      packet[last] = (response: AckResponse) => {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        if (event === 'message:send') deps.metrics.send.observe(sendStatus(response), seconds);
        runWithRequestId(requestId, () =>
          deps.logger.debug(
            {
              event,
              ok: response.ok,
              code: response.ok ? undefined : response.error?.code,
              ms: Math.round(seconds * 1e4) / 10,
            },
            'socket event',
          ),
        );
        (ack as (r: AckResponse) => void)(response);
      };
    }
    runWithRequestId(requestId, next);
  });
}
