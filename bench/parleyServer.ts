/**
 * Parley as production runs it, in a child of bench/run.ts: `startServer`
 * with the configuration the parent passes in the environment (DATABASE_URL,
 * SESSION_SECRET, ENCRYPTION_KEY, BCRYPT_ROUNDS=4 for bench users, and
 * REDIS_URL / SOCKET_SENDS_PER_SECOND when a scenario sets them). No
 * ANTHROPIC_API_KEY is passed, so the server mediates as it does by default.
 * CLUSTER_ADAPTER=postgres|redis when a scenario runs several nodes.
 */
import { loadConfig } from '../server/config.js';
import { startServer } from '../server/server.js';
import { createLogger } from '../server/shared/logger.js';
import { childLifecycle, toParent } from './lib/child.js';
import { serveIntrospection } from './lib/serverChild.js';

const config = loadConfig({
  ...process.env,
  NODE_ENV: 'development',
  PORT: '0',
  HOST: '127.0.0.1',
  LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
});
const server = await startServer(config, createLogger(config.LOG_LEVEL));
serveIntrospection(() => server.io.engine.clientsCount);
childLifecycle(() => server.close());
toParent({
  type: 'ready',
  url: server.url,
  pid: process.pid,
  adapter: config.CLUSTER_ADAPTER,
});
