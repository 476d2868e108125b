import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Logger } from '../shared/logger.js';

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
  close(): Promise<void>;
}

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
function timed(target: pg.Pool | pg.PoolClient, logger: Logger): Queryable {
  return {
    async query<R extends pg.QueryResultRow>(text: string, params?: unknown[]) {
      const started = performance.now();
      try {
        const name = params && params.length > 0 ? statementName(text) : undefined;
        return await (name
          ? target.query<R>({ name, text, values: params })
          : target.query<R>(text, params));
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
  const clients = await Promise.all(Array.from({ length: count }, () => pool.connect()));
  for (const client of clients) client.release();
}

/** Opens a pool on `connectionString`. */
export function createDb(connectionString: string, logger: Logger, max = 10): Db {
  // idleTimeoutMillis 0: connections are kept, not closed after 10 s of idle
  // and reopened by the next burst (a dozen backends exiting at once was a
  // 100-450 ms hiccup on the send path).
  const pool = new pg.Pool({
    connectionString,
    max,
    application_name: 'parley',
    idleTimeoutMillis: 0,
  });
  pool.on('error', (err) => logger.error({ err }, 'idle database client failed'));
  // The pool only listens to idle clients. A checked-out one (a transaction,
  // socket.io's LISTEN connection) would otherwise turn a dropped connection
  // (database restart, failover) into an unhandled 'error' that kills the process.
  pool.on('connect', (client) => {
    client.on('error', (err) => logger.warn({ err }, 'database connection lost'));
  });
  const root = timed(pool, logger);
  return {
    pool,
    query: root.query.bind(root),
    async withTransaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(timed(client, logger));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
