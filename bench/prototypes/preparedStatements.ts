/**
 * PROTOTYPE (bench only; server/db is untouched): every statement sent as a
 * named prepared statement (node-postgres `{ name, text, values }`, the name
 * derived from the text), so each pooled connection parses and plans a given
 * statement once instead of on every call. On this machine planning costs
 * more than executing for nearly every statement of the send path (EXPLAIN:
 * recent-messages query 0.84 ms planning vs 0.12 ms execution; membership
 * check 0.32 vs 0.04). The same wrapping would live in server/db/pool.ts's
 * `timed()`; nothing else changes. (Not for a transaction-mode pgbouncer.)
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { Db, Queryable } from '../../server/db/pool.js';
import type { RunningServer } from '../../server/server.js';

const names = new Map<string, string>();

/** A stable statement name per SQL text. */
function nameOf(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `p_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    names.set(text, name);
  }
  return name;
}

function prepared(target: pg.Pool | pg.PoolClient): Queryable {
  return {
    query<R extends pg.QueryResultRow>(text: string, params?: unknown[]) {
      // Transaction control and multi-statement text stay simple queries.
      if (/^\s*(BEGIN|COMMIT|ROLLBACK)\b/i.test(text)) return target.query<R>(text);
      return target.query<R>({ name: nameOf(text), text, values: params });
    },
  };
}

/** A Db over `db.pool` whose statements are named prepared statements. */
export function preparedDb(db: Db): Db {
  const root = prepared(db.pool);
  return {
    pool: db.pool,
    query: root.query.bind(root),
    isHealthy: (timeoutMs: number) => db.isHealthy(timeoutMs),
    async withTransaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await db.pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(prepared(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => db.close(),
  };
}

/** Switches a running server's database handle (shared by every repository) to prepared statements. */
export function installPreparedStatements(server: RunningServer): string {
  const replacement = preparedDb({ ...server.ctx.db });
  server.ctx.db.query = replacement.query.bind(replacement);
  server.ctx.db.withTransaction = replacement.withTransaction.bind(replacement);
  return 'prepared statements (bench/prototypes/preparedStatements.ts)';
}
