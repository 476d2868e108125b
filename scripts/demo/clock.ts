/**
 * A settable clock for the demo seed: while installed, `new Date()` and
 * `Date.now()` answer the simulated time, so the messages written through the
 * services carry a month of past timestamps — and their chain hashes cover
 * those very timestamps, so the record verifies. Only the seed installs it.
 */
const RealDate = Date;

export interface SimulatedClock {
  set(ms: number): void;
  restore(): void;
}

export function installClock(startMs: number): SimulatedClock {
  let now = startMs;
  class SimulatedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(now);
      else super(...(args as [string | number]));
    }

    static override now(): number {
      return now;
    }
  }
  globalThis.Date = SimulatedDate as DateConstructor;
  return {
    set(ms) {
      // Time only moves forward: seq order and time order stay the same.
      now = Math.max(now, ms);
    },
    restore() {
      globalThis.Date = RealDate;
    },
  };
}
