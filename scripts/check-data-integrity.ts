/**
 * `npm run check-data-integrity [-- --json]`: reports rows that break the data
 * model's promises (server/records/integrityChecks.ts lists them).
 * Exit code 0 when clean, 1 when anything is found, 2 when it could not check.
 *
 * With DATABASE_URL the database is only read (no migrations). Without it the
 * embedded database under DATA_DIR is started (the server must not be
 * running on the same DATA_DIR) and stopped again.
 */
import { loadConfig } from '../server/config.js';
import { openDatabase } from '../server/db/database.js';
import { createDb, type Db } from '../server/db/pool.js';
import { runIntegrityChecks } from '../server/records/integrityChecks.js';
import { formatIntegrityReport } from '../server/records/integrityReport.js';
import { createLogger } from '../server/shared/logger.js';

async function main(): Promise<number> {
  const config = loadConfig();
  // The report is stdout (`--json` is parsed by machines): logs go to stderr,
  // warnings only unless asked for more.
  const logger = createLogger(process.env.LOG_LEVEL ? config.LOG_LEVEL : 'warn', 'stderr');
  let db: Db;
  let close: () => Promise<void>;
  if (config.DATABASE_URL) {
    db = createDb(config.DATABASE_URL, logger, 2);
    close = () => db.close();
  } else {
    const handle = await openDatabase(config, logger);
    db = handle.db;
    close = () => handle.close();
  }
  try {
    const report = await runIntegrityChecks(db);
    console.log(
      process.argv.includes('--json')
        ? JSON.stringify(report, null, 2)
        : formatIntegrityReport(report),
    );
    return report.failed > 0 ? 1 : 0;
  } finally {
    await close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error('check-data-integrity failed:', err instanceof Error ? err.message : err);
    process.exit(2);
  },
);
