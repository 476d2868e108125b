import type { Config } from '../config.js';
import { withDeadline } from '../shared/deadline.js';
import type { Logger } from '../shared/logger.js';
import { startEmbeddedPostgres } from './embedded.js';
import { runMigrations } from './migrate.js';
import { createDb, warmPool, type Db } from './pool.js';

/** Connections of the app's pool, and how many are opened at start. */
const POOL_MAX = 20;
const POOL_WARM = 4;

/** The database the process uses, migrated, with a way to let it go. */
export interface DatabaseHandle {
  db: Db;
  url: string;
  embedded: boolean;
  /** Closes the pool, then stops the embedded server if one was started. */
  close(): Promise<void>;
}

/**
 * DATABASE_URL when set, otherwise an embedded PostgreSQL under DATA_DIR;
 * migrations are applied either way before the pool is handed out. Each step
 * has START_STEP_TIMEOUT_MS: a database that accepts connections but never
 * answers fails the start with the step's name instead of hanging it.
 */
export async function openDatabase(config: Config, logger: Logger): Promise<DatabaseHandle> {
  const stepMs = config.START_STEP_TIMEOUT_MS;
  const embedded = config.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres(config.DATA_DIR, logger, { timeoutMs: stepMs });
  const url = config.DATABASE_URL ?? embedded!.url;
  try {
    await withDeadline('applying migrations', stepMs, runMigrations(url, logger));
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
  const db = createDb(url, logger, POOL_MAX, {
    connectMs: config.DB_CONNECT_TIMEOUT_MS,
    statementMs: config.DB_STATEMENT_TIMEOUT_MS,
    idleInTransactionMs: config.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
  });
  try {
    await withDeadline('opening the connection pool', stepMs, warmPool(db.pool, POOL_WARM));
  } catch (err) {
    // Bounded: a pool whose connections never opened must not hang the failed start.
    await withDeadline('closing the pool after a failed start', 5000, db.close()).catch(
      () => undefined,
    );
    await embedded?.stop();
    throw err;
  }
  return {
    db,
    url,
    embedded: Boolean(embedded),
    async close() {
      await db.close();
      await embedded?.stop();
    },
  };
}
