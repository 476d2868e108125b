import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';
import type { Logger } from '../shared/logger.js';

/** Where the migration files live, whatever the working directory. */
export const MIGRATIONS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../migrations',
);

/**
 * Applies every pending migration (a no-op when none is pending). Runs in one
 * transaction under node-pg-migrate's advisory lock, so two nodes starting at
 * once don't race.
 */
export async function runMigrations(databaseUrl: string, logger: Logger): Promise<string[]> {
  const applied = await runner({
    databaseUrl,
    dir: MIGRATIONS_DIR,
    direction: 'up',
    migrationsTable: 'pgmigrations',
    singleTransaction: true,
    // Numbers are reserved per issue and land in any order (011 before 010):
    // a database that already ran a later number must still take an earlier
    // one that arrives after it. Each migration stands alone.
    checkOrder: false,
    log: (msg: string) => logger.debug({ msg }, 'migration'),
  });
  const names = applied.map((m) => m.name);
  if (names.length > 0) logger.info({ migrations: names }, 'migrations applied');
  return names;
}
