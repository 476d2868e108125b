/**
 * Once per `jest` run: find a PostgreSQL to test on and build a migrated
 * template database. With DATABASE_URL set, that server is used (the URL's
 * database only serves to connect; tests get databases of their own);
 * otherwise an embedded PostgreSQL is started in a temp directory.
 * Each test file then clones the template (test/support/testDb.ts).
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../server/db/embedded.js';
import { runMigrations } from '../../server/db/migrate.js';
import { createLogger } from '../../server/shared/logger.js';

interface TestGlobals {
  stopEmbedded?: () => Promise<void>;
  tempDir?: string;
}

export default async function globalSetup(): Promise<void> {
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const globals = globalThis as TestGlobals;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'parley-test-pg-'));
    const embedded = await startEmbeddedPostgres(dir, logger, { persistent: false });
    globals.stopEmbedded = () => embedded.stop();
    globals.tempDir = dir;
    adminUrl = embedded.url;
  }
  const template = `parley_tpl_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${template}`);
    await admin.query(`CREATE DATABASE ${template}`);
  } finally {
    await admin.end();
  }
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${template}`;
  await runMigrations(templateUrl.toString(), logger);
  process.env.PARLEY_TEST_ADMIN_URL = adminUrl;
  process.env.PARLEY_TEST_TEMPLATE = template;
  // Tests build their own config; a DATABASE_URL left in the environment must
  // not leak into servers they start.
  delete process.env.DATABASE_URL;
}
