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
    // Every test client is 127.0.0.1, so the per-IP signup limit (20 an hour by
    // default) counts all of a suite's users as one visitor: a suite with more
    // than 20 would be refused for a reason it is not about. Global rather
    // than per suite because which suites pass 20 changes with every test
    // added; the limit itself is tested with its own low value
    // (test/security/loginLimits.test.ts).
    SIGNUPS_PER_IP_PER_HOUR: '100000',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    // A test that hands in the push-service double's agent talks to 127.0.0.1;
    // every other test server keeps the public-hosts-only rule.
    ...(options.services?.pushAgent ? { PUSH_ALLOW_PRIVATE_HOSTS: 'true' } : {}),
    // Overload refusal for every suite that sends a message (most of them):
    // at the production values (300 ms event-loop lag, 1.5 s to append) a
    // machine running many suites at once — load averages of 20+ on 2 cores
    // were seen here — refuses sends with `unavailable`, and a suite about
    // threads or push would fail for a reason it is not about. Suites that do
    // not send are unaffected by these two. Refusal and expiry themselves are
    // tested with an injected clock (test/unit/messages/admission.test.ts); a
    // suite that wants production admission passes its own values in `env`.
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
