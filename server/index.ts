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
  const server = await startServer(config, logger);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
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
}

main().catch((err: unknown) => {
  console.error('parley failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
