import { unavailable } from '../shared/errors.js';

/** How much send work a node takes on before it says so (SEND_* settings). */
export interface AdmissionLimits {
  /** Sends in progress (admitted, not yet answered) on this node at most. */
  maxInFlight: number;
  /** Event-loop lag (ms) above which new sends are refused. */
  maxLagMs: number;
  /** A send not appended within this many ms of arriving is not appended at all. */
  deadlineMs: number;
}

/** Lag is sampled this often; one sample is how late a timer fired. */
const SAMPLE_MS = 50;

/**
 * Overload made explicit: past capacity a new send is refused at once with
 * `unavailable` and a retry hint, instead of queueing until the client's ack
 * times out. Two signals: sends in progress on this node (a bounded queue)
 * and event-loop lag (the process is CPU-bound). Every admitted send carries
 * a deadline; one that reaches the append after it is answered `unavailable`
 * without being stored — the client's retry with the same clientId is safe.
 */
export function createAdmission(limits: AdmissionLimits, now: () => number = Date.now) {
  let inFlight = 0;
  let lagMs = 0;
  let expected = now() + SAMPLE_MS;
  const sampler = setInterval(() => {
    const late = Math.max(0, now() - expected);
    // Decays over a few samples: one long GC pause does not shut the door for long.
    lagMs = Math.max(late, lagMs * 0.7);
    expected = now() + SAMPLE_MS;
  }, SAMPLE_MS);
  sampler.unref();
  const stats = { admitted: 0, refusedBusy: 0, refusedLag: 0, expired: 0 };

  return {
    /**
     * Admits one send or throws `unavailable`; the caller must call the
     * returned `done` when the send is answered. `deadline` is when it
     * stops being worth appending.
     */
    admit(): { deadline: number; done(): void } {
      if (inFlight >= limits.maxInFlight) {
        stats.refusedBusy += 1;
        throw unavailable('This server is busy: nothing was sent, try again shortly', 1);
      }
      if (lagMs > limits.maxLagMs) {
        stats.refusedLag += 1;
        throw unavailable('This server is overloaded: nothing was sent, try again shortly', 1);
      }
      inFlight += 1;
      stats.admitted += 1;
      let finished = false;
      return {
        deadline: now() + limits.deadlineMs,
        done() {
          if (finished) return;
          finished = true;
          inFlight -= 1;
        },
      };
    },

    /** The refusal for a send whose deadline passed before its append. */
    expired() {
      stats.expired += 1;
      return unavailable(
        'This server is busy: nothing was sent, try again with the same clientId',
        1,
      );
    },

    /** Current figures (bench, logs). */
    snapshot: () => ({ inFlight, lagMs: Math.round(lagMs), ...stats }),

    stop(): void {
      clearInterval(sampler);
    },
  };
}

export type Admission = ReturnType<typeof createAdmission>;
