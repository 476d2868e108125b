import { createHash } from 'node:crypto';
import pg from 'pg';
import { isConnectionFailure } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { DbAvailability } from './availability.js';

// bigint columns (message ids, seqs, counts) fit in a double for any realistic
// volume; reading them as numbers keeps every API shape numeric.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number.parseFloat(v));

/** Anything that can run a query: the pool, or one transaction's client. */
export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    params?: unknown[],
  ): Promise<pg.QueryResult<R>>;
}

/** The database handle every repository receives. */
export interface Db extends Queryable {
  readonly pool: pg.Pool;
  /** Runs `fn` in one transaction on one client; commits, or rolls back on throw. */
  withTransaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** `SELECT 1` answered within `timeoutMs` (false when down, slow or failing). */
  isHealthy(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

/** Limits that keep a dead or frozen database from hanging requests. */
export interface DbTimeouts {
  /** Opening a new connection (a free one from a full pool is waited for). */
  connectMs: number;
  /** Server-side statement_timeout; the client gives up 1 s later (a frozen server). */
  statementMs: number;
  /** Server-side idle_in_transaction_session_timeout. */
  idleInTransactionMs: number;
}

/** Defaults matching config.ts; scripts that open their own pool use them. */
export const DEFAULT_DB_TIMEOUTS: DbTimeouts = {
  connectMs: 5000,
  statementMs: 30_000,
  idleInTransactionMs: 10_000,
};

const SLOW_QUERY_MS = 200;

// Parameterised statements are prepared once per connection and reused by
// name: the send path runs the same dozen statements for every message, and
// parsing and planning them each time cost Postgres more CPU than executing
// them (bench/README.md). Names are a hash of the text, so a name always
// means one text. The cache is bounded in case some caller builds SQL
// dynamically; beyond it statements simply run unnamed.
const MAX_PREPARED = 500;
const statementNames = new Map<string, string>();

function statementName(text: string): string | undefined {
  let name = statementNames.get(text);
  if (!name && statementNames.size < MAX_PREPARED) {
    name = `parley_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    statementNames.set(text, name);
  }
  return name;
}

/**
 * Wraps a client so each query's duration is logged — the statement's first
 * words only, never its parameters (they carry message text and secrets).
 */
function timed(
  target: pg.Pool | pg.PoolClient,
  logger: Logger,
  availability: DbAvailability,
): Queryable {
  return {
    async query<R extends pg.QueryResultRow>(text: string, params?: unknown[]) {
      availability.assertUp();
      const started = performance.now();
      try {
        const name = params && params.length > 0 ? statementName(text) : undefined;
        const running = name
          ? target.query<R>({ name, text, values: params })
          : target.query<R>(text, params);
        // A frozen server: when the breaker opens, stop waiting for it.
        return await Promise.race([running, availability.whenOpened]);
      } catch (err) {
        availability.observe(err);
        throw err;
      } finally {
        const ms = performance.now() - started;
        const statement = text.trim().slice(0, 60).replace(/\s+/g, ' ');
        if (ms >= SLOW_QUERY_MS) logger.warn({ ms: Math.round(ms), statement }, 'slow query');
        else logger.trace({ ms: Math.round(ms * 10) / 10, statement }, 'query');
      }
    },
  };
}

/**
 * Opens `count` connections at once and returns them to the pool, so the
 * first burst after a start does not wait for connection setup.
 */
export async function warmPool(pool: pg.Pool, count: number): Promise<void> {
  // Every connect is asked for before any returns, so each opens its own
  // connection; each goes back as soon as it is open, so one that never opens
  // (a start past its deadline) leaves no other checked out to block pool.end().
  await Promise.all(
    Array.from({ length: count }, async () => {
      const client = await pool.connect();
      client.release();
    }),
  );
}

/**
 * Opens a pool on `connectionString` with `timeouts` on every connection, and
 * a breaker (db/availability.ts) that fails queries fast while the database
 * is known to be unreachable.
 */
export function createDb(
  connectionString: string,
  logger: Logger,
  max = 10,
  timeouts: DbTimeouts = DEFAULT_DB_TIMEOUTS,
): Db {
  // The connect timeout goes to each client, not to the pool: pg-pool would
  // also apply it to waiting for a free client, so a busy pool (200 sends at
  // once) would look like a dead database and open the breaker.
  class TimedClient extends pg.Client {
    constructor(config?: pg.ClientConfig) {
      super({ ...config, connectionTimeoutMillis: timeouts.connectMs });
    }
  }
  const pool = new pg.Pool({
    connectionString,
    max,
    Client: TimedClient,
    application_name: 'parley',
    // Connections are kept, not closed after 10 s of idle and reopened by the
    // next burst (a dozen backends exiting at once was a 100-450 ms hiccup on
    // the send path).
    idleTimeoutMillis: 0,
    statement_timeout: timeouts.statementMs,
    // Client side: a frozen server never cancels its own statement.
    query_timeout: timeouts.statementMs + 1000,
    idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
  });
  const availability = new DbAvailability(
    { connectionString, timeoutMs: timeouts.connectMs, intervalMs: 500 },
    logger,
  );
  pool.on('error', (err) => logger.error({ err }, 'idle database client failed'));
  // The pool only listens to idle clients. A checked-out one (a transaction,
  // socket.io's LISTEN connection) would otherwise turn a dropped connection
  // (database restart, failover) into an unhandled 'error' that kills the process.
  pool.on('connect', (client) => {
    client.on('error', (err) => logger.warn({ err }, 'database connection lost'));
  });
  const root = timed(pool, logger, availability);
  return {
    pool,
    query: root.query.bind(root),
    async withTransaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      availability.assertUp();
      const client = await pool.connect().catch((err: unknown) => {
        availability.observe(err);
        throw err;
      });
      let broken: unknown;
      try {
        await client.query('BEGIN');
        const result = await fn(timed(client, logger, availability));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        // A timed-out or dropped connection may still have a statement running:
        // it is destroyed, never handed to the next caller.
        if (isConnectionFailure(err)) broken = err;
        else await client.query('ROLLBACK').catch((e: unknown) => (broken = e));
        throw err;
      } finally {
        client.release(broken instanceof Error ? broken : broken ? true : undefined);
      }
    },
    async isHealthy(timeoutMs: number): Promise<boolean> {
      if (availability.isDown) return availability.recheck(timeoutMs);
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<false>((resolve) => {
        timer = setTimeout(() => {
          // No answer in time: open the breaker so sends fail fast too.
          availability.observe(new Error('Query read timeout'));
          resolve(false);
        }, timeoutMs);
      });
      try {
        return await Promise.race([root.query('SELECT 1').then(() => true), late]);
      } catch {
        return false;
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => {
      availability.close();
      return pool.end();
    },
  };
}
