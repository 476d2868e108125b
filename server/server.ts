import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient, type RedisClientType } from 'redis';
import { createApp } from './app.js';
import { startPruning } from './auth/pruning.js';
import { createSessionMiddleware } from './auth/session.js';
import type { Config } from './config.js';
import { createServices, type ServiceOptions, type Services } from './container.js';
import type { Context } from './context.js';
import { openDatabase } from './db/database.js';
import { createIo, type AppServer } from './io.js';
import { warmLocalMediator } from './mediation/local/index.js';
import { unavailable } from './shared/errors.js';
import { createLogger, type Logger } from './shared/logger.js';
import { loadOrCreateSecret } from './shared/secrets.js';

/** A running Parley process: HTTP + socket.io on one port. */
export interface RunningServer {
  url: string;
  port: number;
  ctx: Context;
  services: Services;
  io: AppServer;
  httpServer: http.Server;
  /** Stop accepting, drain, close sockets, the pool and the embedded database. */
  close(): Promise<void>;
}

/**
 * Starts everything `config` describes; `PORT=0` picks a free port.
 * `services` carries test hooks (push agent, outbox tuning).
 */
export async function startServer(
  config: Config,
  logger?: Logger,
  options: { services?: ServiceOptions } = {},
): Promise<RunningServer> {
  const log = logger ?? createLogger(config.LOG_LEVEL);
  // Before the first socket: the mediator's expressions compiled, not on a parent's send.
  log.debug({ ms: Math.round(warmLocalMediator()) }, 'local mediator warmed');
  const database = await openDatabase(config, log);
  let redis: RedisClientType | undefined;
  try {
    if (config.REDIS_URL) {
      redis = createClient({ url: config.REDIS_URL });
      redis.on('error', (err) => log.error({ err }, 'redis error'));
      await redis.connect();
    }
    const sessionSecret =
      config.SESSION_SECRET ?? (await loadOrCreateSecret(config.DATA_DIR, 'session-secret'));
    const encryptionKey = Buffer.from(
      config.ENCRYPTION_KEY ?? (await loadOrCreateSecret(config.DATA_DIR, 'encryption-key')),
      'hex',
    );

    // The port is taken before the app exists (PUBLIC_URL may need it), and
    // the awaits below take a while on a loaded machine: a request arriving
    // meanwhile gets a clear 503, never a connection left unanswered (a
    // health poll without a timeout would wait on it forever).
    let handle: http.RequestListener = (_req, res) => {
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
      res.end(JSON.stringify({ error: unavailable('Starting, try again shortly').toBody() }));
    };
    const httpServer = http.createServer((req, res) => handle(req, res));
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(config.PORT, config.HOST, () => resolve());
    });
    const port = (httpServer.address() as AddressInfo).port;
    const publicUrl = (config.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, '');

    const ctx: Context = {
      config,
      logger: log,
      db: database.db,
      publicUrl,
      sessionSecret,
      encryptionKey,
      redis,
    };
    const services = createServices(ctx, options.services);
    // Secrets written in plaintext before encryption at rest (migration 014)
    // are sealed before the first request: health notes, the VAPID key.
    await services.contacts.sealLegacy();
    await services.push.publicKey();
    const session = createSessionMiddleware({
      pool: database.db.pool,
      secret: sessionSecret,
      secureCookies: publicUrl.startsWith('https://'),
    });
    const app = createApp(ctx, services, session);
    handle = app;
    const realtime = createIo(httpServer, ctx, services, session);
    const io = realtime.io;
    const pool = database.db.pool;
    services.metrics.watch({
      sockets: () => io.of('/').sockets.size,
      pool: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
      outbox: () => services.outbox.backlog(),
    });
    // After io: the delivery handlers ask the hub who is online.
    if (options.services?.outbox?.autoStart !== false) services.outboxWorker.start();
    const pruning = startPruning({
      sessions: services.sessionRepository,
      tokens: services.mailTokens,
      logger: log,
      intervalMs: config.PRUNE_INTERVAL_SECONDS * 1000,
    });
    log.info({ port, publicUrl, embeddedDb: database.embedded }, 'parley listening');

    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= (async () => {
        httpServer.closeIdleConnections();
        pruning.stop();
        services.mailer.close();
        await services.outboxWorker.stop();
        await realtime.close();
        // Profiles queued after the last commits are folded before the pool closes.
        await services.mediation.styles.flush();
        services.messaging.admission.stop();
        httpServer.closeAllConnections();
        await redis?.quit().catch(() => undefined);
        await database.close();
        log.info('parley stopped');
      })());

    return { url: `http://127.0.0.1:${port}`, port, ctx, services, io, httpServer, close };
  } catch (err) {
    await redis?.quit().catch(() => undefined);
    await database.close();
    throw err;
  }
}
