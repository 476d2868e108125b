import { isConnectionFailure, unavailable } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { answers } from './probe.js';

/** Where a probe connects, and how long it may take. */
export interface ProbeOptions {
  connectionString: string;
  timeoutMs: number;
  intervalMs: number;
}

/** The message of the error in-flight queries get when the breaker opens. */
export const BREAKER_OPEN = 'database breaker open';

/**
 * A circuit breaker in front of the pool. A connection failure, confirmed by
 * a probe on a fresh connection (a slow connect on a loaded machine is not a
 * dead database), marks the database down: queries in flight and every new
 * one fail at once with `unavailable` (a send answers in about a second
 * instead of waiting out a frozen server's timeouts) while the probe tries
 * `SELECT 1` every interval until it answers.
 */
export class DbAvailability {
  private down = false;
  private confirming = false;
  private probing?: NodeJS.Timeout;
  private closed = false;
  // Declared before `opened`: its initializer sets this.
  private rejectOpened: (err: Error) => void = () => undefined;
  private opened = this.nextOpening();

  constructor(
    private readonly probe: ProbeOptions,
    private readonly logger: Logger,
  ) {}

  /** True while the database is known to be unreachable. */
  get isDown(): boolean {
    return this.down;
  }

  /** Throws `unavailable` at once while the database is known to be down. */
  assertUp(): void {
    if (this.down) throw unavailable('The database is not answering, try again shortly', 2);
  }

  /** A promise that rejects when the breaker next opens (race a query against it). */
  get whenOpened(): Promise<never> {
    return this.opened;
  }

  private nextOpening(): Promise<never> {
    const p = new Promise<never>((_resolve, reject) => {
      this.rejectOpened = reject;
    });
    p.catch(() => undefined); // nobody may be racing it when it opens
    return p;
  }

  /** Records a failed query: a connection failure, once a probe confirms it, opens the breaker. */
  observe(err: unknown): void {
    if (this.closed || this.down || this.confirming || !isConnectionFailure(err)) return;
    this.confirming = true;
    void this.ping().then((ok) => {
      this.confirming = false;
      if (ok || this.closed || this.down) return;
      this.down = true;
      this.logger.warn({ err: (err as Error).message }, 'database unreachable; failing fast');
      this.rejectOpened(new Error(BREAKER_OPEN));
      this.opened = this.nextOpening();
      this.scheduleProbe();
    });
  }

  /**
   * While down, checks now instead of waiting for the next probe (a health
   * check must tell the truth the moment the database is back).
   */
  async recheck(timeoutMs: number): Promise<boolean> {
    if (!this.down) return true;
    if (!(await this.ping(timeoutMs))) return false;
    if (this.down) this.logger.info('database answering again');
    this.down = false;
    return true;
  }

  /** One `SELECT 1` on a fresh connection, bounded by `timeoutMs`. */
  ping(timeoutMs = this.probe.timeoutMs): Promise<boolean> {
    return answers(this.probe.connectionString, timeoutMs);
  }

  private scheduleProbe(): void {
    if (this.closed) return;
    this.probing = setTimeout(() => {
      void this.ping().then((ok) => {
        if (!ok) return this.scheduleProbe();
        if (this.down) this.logger.info('database answering again');
        this.down = false;
      });
    }, this.probe.intervalMs);
    this.probing.unref();
  }

  /** Stops probing (the pool is closing). */
  close(): void {
    this.closed = true;
    if (this.probing) clearTimeout(this.probing);
  }
}
