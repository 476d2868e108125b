import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type RequestHandler } from 'express';
import helmet from 'helmet';
import { authRoutes } from './auth/routes.js';
import type { Services } from './container.js';
import type { Context } from './context.js';
import { messageRoutes } from './messages/routes.js';
import { errorHandler, notFoundHandler } from './shared/httpErrors.js';

const CLIENT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../client');

/**
 * The express app: security headers, JSON bodies (256 kB at most), sessions,
 * the API routers, the static client, then the one error handler.
 */
export function createApp(ctx: Context, services: Services, session: RequestHandler) {
  const app = express();
  app.disable('x-powered-by');
  if (ctx.config.TRUST_PROXY) app.set('trust proxy', 1);
  app.use(helmet());
  app.use(express.json({ limit: '256kb' }));

  app.get('/healthz', async (_req, res) => {
    try {
      await ctx.db.query('SELECT 1');
      res.json({ ok: true, db: 'up' });
    } catch {
      res.status(503).json({ ok: false, db: 'down' });
    }
  });

  app.use('/api', session);
  app.use(
    '/api/auth',
    authRoutes({
      config: ctx.config,
      publicUrl: ctx.publicUrl,
      logger: ctx.logger,
      auth: services.auth,
      users: services.users,
    }),
  );

  app.use('/api', messageRoutes({ messages: services.messages }));

  app.use('/api', notFoundHandler);
  app.use(express.static(CLIENT_DIR, { index: 'index.html' }));
  app.use(notFoundHandler);
  app.use(errorHandler(ctx.logger));
  return app;
}
