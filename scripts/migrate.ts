/**
 * `npm run migrate`: applies pending migrations to DATABASE_URL and exits (the
 * release phase of a deploy). The server also migrates on start; this lets a
 * platform do it once, before new processes come up.
 */
import { loadConfig } from '../server/config.js';
import { runMigrations } from '../server/db/migrate.js';
import { createLogger } from '../server/shared/logger.js';

const config = loadConfig();
const logger = createLogger(config.LOG_LEVEL);
if (!config.DATABASE_URL) {
  console.error('DATABASE_URL is not set: the embedded database migrates itself on `npm start`.');
  process.exit(1);
}
const applied = await runMigrations(config.DATABASE_URL, logger);
console.log(applied.length ? `applied: ${applied.join(', ')}` : 'nothing to apply');
