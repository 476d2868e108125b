import pg from 'pg';
import { isConnectionFailure, unavailable } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';

/** Where a probe connects, and how long it may take. */
export interface ProbeOptions {
  connectionString: string;
  timeoutMs: number;
  intervalMs: number;
}

/**
 * A circuit breaker in front of the pool. The first connection failure marks
 * the database down; from then on queries fail at once with `unavailable`
 * (a send answers in milliseconds instead of waiting out a frozen server's
 * timeouts, so the client never gets an ack it already gave up on) while a
 * probe on its own short-lived connection tries `SELECT 1` until it answers.
 */
export class DbAvailability {
  private down = false;
  private probing?: NodeJS.Timeout;
  private closed = false;

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

  /** Records a failed query: a connection failure opens the breaker. */
  observe(err: unknown): void {
    if (this.closed || this.down || !isConnectionFailure(err)) return;
    this.down = true;
    this.logger.warn({ err: (err as Error).message }, 'database unreachable; failing fast');
    this.scheduleProbe();
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
  async ping(timeoutMs = this.probe.timeoutMs): Promise<boolean> {
    const client = new pg.Client({
      connectionString: this.probe.connectionString,
      connectionTimeoutMillis: timeoutMs,
      query_timeout: timeoutMs,
      application_name: 'parley-probe',
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      // A frozen server never answers the goodbye either: don't wait for it.
      void client.end().catch(() => undefined);
    }
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
