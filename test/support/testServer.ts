import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../server/config.js';
import type { ServiceOptions } from '../../server/container.js';
import { startServer, type RunningServer } from '../../server/server.js';
import { createLogger, type LogDestination } from '../../server/shared/logger.js';
import { createTestDatabase, type TestDatabase } from './testDb.js';

export interface TestServer extends RunningServer {
  database: TestDatabase;
  dataDir: string;
  /** Closes the server; drops the database unless `keepDatabase`. */
  stop(options?: { keepDatabase?: boolean }): Promise<void>;
}

/**
 * A real Parley server on port 0 over a fresh database, configured like
 * production except for the variables given. bcrypt runs at cost 4 here (the
 * default of 12 is checked by its own test) so suites creating many users stay fast.
 */
export async function startTestServer(
  env: Record<string, string | undefined> = {},
  options: {
    database?: TestDatabase;
    services?: ServiceOptions;
    /** Where log lines go (a test that reads them passes a stream and sets LOG_LEVEL). */
    logs?: LogDestination;
  } = {},
): Promise<TestServer> {
  const database = options.database ?? (await createTestDatabase());
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'parley-test-data-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    BCRYPT_ROUNDS: '4',
    // Suites sign up many users from 127.0.0.1; the signup limit has its own test.
    SIGNUPS_PER_IP_PER_HOUR: '100000',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    // A test that hands in the push-service double's agent talks to 127.0.0.1;
    // every other test server keeps the public-hosts-only rule.
    ...(options.services?.pushAgent ? { PUSH_ALLOW_PRIVATE_HOSTS: 'true' } : {}),
    // A machine shared by test suites lags now and then: overload refusals
    // are tested on their own (test/integration/admission.test.ts).
    SEND_MAX_LAG_MS: '60000',
    SEND_DEADLINE_MS: '60000',
    ...env,
  });
  const server = await startServer(config, createLogger(config.LOG_LEVEL, options.logs), {
    services: options.services,
  });
  return {
    ...server,
    database,
    dataDir,
    async stop(stopOptions = {}) {
      await server.close();
      if (!stopOptions.keepDatabase) await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
