import { rm } from 'node:fs/promises';
import pg from 'pg';

interface TestGlobals {
  stopEmbedded?: () => Promise<void>;
  tempDir?: string;
}

/** Drops the template (and any test database left behind), stops the embedded server. */
export default async function globalTeardown(): Promise<void> {
  const globals = globalThis as TestGlobals;
  const adminUrl = process.env.PARLEY_TEST_ADMIN_URL;
  const template = process.env.PARLEY_TEST_TEMPLATE;
  if (adminUrl && template) {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`,
        [template, `${template}_%`],
      );
      for (const { datname } of rows)
        await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  }
  await globals.stopEmbedded?.();
  if (globals.tempDir) await rm(globals.tempDir, { recursive: true, force: true });
}
