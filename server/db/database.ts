import type { Config } from '../config.js';
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
 * migrations are applied either way before the pool is handed out.
 */
export async function openDatabase(config: Config, logger: Logger): Promise<DatabaseHandle> {
  const embedded = config.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres(config.DATA_DIR, logger);
  const url = config.DATABASE_URL ?? embedded!.url;
  try {
    await runMigrations(url, logger);
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
  const db = createDb(url, logger, POOL_MAX);
  try {
    await warmPool(db.pool, POOL_WARM);
  } catch (err) {
    await db.close();
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
