import { createHash, timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import { notFound, unauthorized } from '../shared/errors.js';
import type { Metrics } from './metrics.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * `GET /metrics` (Prometheus text format). Without METRICS_TOKEN it does not
 * exist (404); with it, only `Authorization: Bearer <token>` may read it,
 * compared in constant time (over digests, so the length leaks nothing either).
 */
export function metricsRoutes(deps: { metrics: Metrics; token: string | undefined }): Router {
  const router = Router();
  const expected = deps.token ? digest(deps.token) : undefined;
  router.get('/metrics', async (req, res) => {
    if (!expected || !deps.metrics.enabled) throw notFound('Route GET /metrics');
    const given = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
    if (!given || !timingSafeEqual(digest(given), expected)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      throw unauthorized('A bearer token is needed for /metrics');
    }
    const { contentType, body } = await deps.metrics.render();
    res.setHeader('Cache-Control', 'no-store');
    res.type(contentType).send(body);
  });
  return router;
}
