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
import { withDeadline } from './shared/deadline.js';
import { unavailable } from './shared/errors.js';
import { createLogger, type Logger } from './shared/logger.js';
import { loadOrCreateSecret } from './shared/secrets.js';

/** How long requests in flight at shutdown may take before their connections are cut. */
const SHUTDOWN_GRACE_MS = 5000;

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
  const stepMs = config.START_STEP_TIMEOUT_MS;
  const database = await openDatabase(config, log);
  let redis: RedisClientType | undefined;
  let httpServer: http.Server | undefined;
  let created: Services | undefined;
  try {
    if (config.REDIS_URL) {
      const client: RedisClientType = createClient({ url: config.REDIS_URL });
      redis = client;
      client.on('error', (err) => log.error({ err }, 'redis error'));
      // node-redis retries a refused connection forever: the deadline ends it.
      await withDeadline('connecting to Redis', stepMs, client.connect(), () => client.destroy());
    }
    const sessionSecret =
      config.SESSION_SECRET ?? (await loadOrCreateSecret(config.DATA_DIR, 'session-secret'));
    const encryptionKey = Buffer.from(
      config.ENCRYPTION_KEY ?? (await loadOrCreateSecret(config.DATA_DIR, 'encryption-key')),
      'hex',
    );

    const server = http.createServer();
    httpServer = server;
    // Listening comes before the app exists (PORT=0: the public URL needs the
    // port), so until the app takes over every request is answered 503. With
    // no 'request' listener Node accepts a request and never answers it: a
    // health probe during a slow start (a loaded machine) waited forever.
    let handle: http.RequestListener = answerStarting;
    // One listener that switches: socket.io wraps the listeners present when
    // it attaches, so the app cannot be swapped in by removing this one.
    server.on('request', (req, res) => handle(req, res));
    await withDeadline(
      'listening on the HTTP port',
      stepMs,
      new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.PORT, config.HOST, () => resolve());
      }),
    );
    const port = (server.address() as AddressInfo).port;
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
    created = services;
    // Secrets written in plaintext before encryption at rest (migration 014)
    // are sealed before the first request: health notes, the VAPID key.
    await withDeadline('sealing legacy health notes', stepMs, services.contacts.sealLegacy());
    await withDeadline('loading the VAPID keys', stepMs, services.push.publicKey());
    const session = createSessionMiddleware({
      pool: database.db.pool,
      secret: sessionSecret,
      secureCookies: publicUrl.startsWith('https://'),
    });
    const app = createApp(ctx, services, session);
    const realtime = createIo(server, ctx, services, session);
    handle = app;
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
        server.closeIdleConnections();
        pruning.stop();
        services.mailer.close();
        await services.outboxWorker.stop();
        // socket.io's close waits for every HTTP connection to end: one still
        // busy after the grace (a stuck request) is cut rather than waited for.
        const grace = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
        await realtime.close();
        clearTimeout(grace);
        // Profiles queued after the last commits are folded before the pool closes.
        await services.mediation.styles.flush();
        services.messaging.admission.stop();
        server.closeAllConnections();
        await redis?.quit().catch(() => undefined);
        await database.close();
        log.info('parley stopped');
      })());

    return {
      url: `http://127.0.0.1:${port}`,
      port,
      ctx,
      services,
      io,
      httpServer: server,
      close,
    };
  } catch (err) {
    created?.messaging.admission.stop();
    created?.mailer.close();
    httpServer?.closeAllConnections();
    httpServer?.close();
    // Bounded too: a Redis or database that hung the start may hang the goodbye.
    if (redis?.isOpen)
      await withDeadline('closing Redis', 5000, redis.quit()).catch(() => undefined);
    redis?.destroy();
    await withDeadline('closing the database', 25_000, database.close()).catch(() => undefined);
    throw err;
  }
}

/** What every request gets between listening and the app taking over. */
function answerStarting(_req: http.IncomingMessage, res: http.ServerResponse): void {
  res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
  res.end(JSON.stringify({ error: unavailable('Starting, try again shortly').toBody() }));
}
