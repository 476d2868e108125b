import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type RequestHandler } from 'express';
import helmet from 'helmet';
import { accountRoutes } from './account/routes.js';
import { apiDocsRoutes } from './apiDocs/routes.js';
import { authRoutes } from './auth/routes.js';
import { allowedOrigins, sameOriginGuard } from './auth/sameOrigin.js';
import { clientStatic } from './clientStatic.js';
import { contactRoutes } from './contacts/routes.js';
import type { Services } from './container.js';
import type { Context } from './context.js';
import { mediationRoutes } from './mediation/routes.js';
import { messageRoutes } from './messages/routes.js';
import { metricsRoutes } from './metrics/routes.js';
import { notificationRoutes } from './notifications/routes.js';
import { pairingRoutes } from './pairing/routes.js';
import { professionalRoutes } from './professionals/routes.js';
import { recordKeyRoutes, recordRoutes } from './records/routes.js';
import { profileRoutes } from './profile/routes.js';
import { pushRoutes } from './push/routes.js';
import { roomRoutes } from './rooms/routes.js';
import { errorHandler, notFoundHandler } from './shared/httpErrors.js';
import { requestContext } from './shared/requestContext.js';
import { threadRoutes } from './threads/routes.js';
import { taskRoutes } from './tasks/routes.js';

/** How long /healthz waits for `SELECT 1` before answering 503. */
const HEALTH_TIMEOUT_MS = 600;

/** The built web client (`npm run build`; `npm start` builds it when missing or stale). */
const CLIENT_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../client/dist');

/**
 * The express app: security headers, the same-origin and JSON-only rule for
 * writes, JSON bodies (256 kB at most), sessions,
 * the API routers, the static client, then the one error handler.
 */
export function createApp(ctx: Context, services: Services, session: RequestHandler) {
  const app = express();
  app.disable('x-powered-by');
  if (ctx.config.TRUST_PROXY) app.set('trust proxy', 1);
  app.use(requestContext);
  app.use(helmet());
  app.use(sameOriginGuard(allowedOrigins(ctx.publicUrl, ctx.config.ALLOWED_ORIGINS)));
  app.use(express.json({ limit: '256kb' }));

  // A load balancer polls this: it must answer within a second even when the
  // database is frozen (the query is raced against a timer, never awaited out).
  app.get('/healthz', async (_req, res) => {
    if (await ctx.db.isHealthy(HEALTH_TIMEOUT_MS)) res.json({ ok: true, db: 'up' });
    else res.status(503).set('Retry-After', '2').json({ ok: false, db: 'down' });
  });

  app.use(metricsRoutes({ metrics: services.metrics, token: ctx.config.METRICS_TOKEN }));
  app.use('/.well-known', recordKeyRoutes({ keys: services.recordKeys }));
  // Public and sessionless: the documents describe the API, they are not part of it.
  app.use('/api', apiDocsRoutes({ publicUrl: ctx.publicUrl }));
  app.use('/api', session, requestContext);
  app.use(
    '/api/auth',
    authRoutes({
      config: ctx.config,
      publicUrl: ctx.publicUrl,
      logger: ctx.logger,
      auth: services.auth,
      users: services.users,
      sessions: services.sessions,
      accounts: services.accounts,
    }),
  );

  app.use(
    '/api/account',
    accountRoutes({ deletion: services.accountDeletion, exports: services.accountExports }),
  );
  app.use('/api', messageRoutes({ messages: services.messages }));
  app.use('/api', threadRoutes({ threads: services.threads }));
  app.use('/api/mediation', mediationRoutes({ mediation: services.mediation }));
  app.use(
    '/api',
    recordRoutes({
      records: services.records,
      mediationRecords: services.mediationRecords,
      batesPrefix: ctx.config.RECORD_BATES_PREFIX,
      logger: ctx.logger,
    }),
  );
  app.use('/api', professionalRoutes({ professionals: services.professionals }));
  app.use('/api/pairings', pairingRoutes({ pairing: services.pairing }));
  app.use('/api/rooms', roomRoutes({ rooms: services.rooms }));
  app.use('/api/contacts', contactRoutes({ contacts: services.contacts }));
  app.use('/api/profile', profileRoutes({ profiles: services.profiles }));

  app.use('/api/tasks', taskRoutes({ tasks: services.tasks }));
  app.use('/api/notifications', notificationRoutes({ notifications: services.notifications }));
  app.use('/api/push', pushRoutes({ push: services.push }));

  app.use('/api', notFoundHandler);
  app.use(
    clientStatic({
      dir: CLIENT_DIST,
      googleSignIn: Boolean(ctx.config.GOOGLE_CLIENT_ID && ctx.config.GOOGLE_CLIENT_SECRET),
    }),
  );
  app.use(notFoundHandler);
  app.use(errorHandler(ctx.logger));
  return app;
}
