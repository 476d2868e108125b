import { Router } from 'express';
import { currentUserId } from '../auth/session.js';
import { parse } from '../shared/validation.js';
import type { MediationService } from './mediationService.js';
import { emptyQuery } from './schema.js';

/** `/api/mediation`: the caller's own intervention statistics and learned triggers. */
export function mediationRoutes(deps: { mediation: MediationService }): Router {
  const router = Router();

  router.get('/stats', async (req, res) => {
    const userId = currentUserId(req);
    parse(emptyQuery, req.query, 'Query');
    res.json({ stats: await deps.mediation.stats(userId) });
  });

  router.get('/triggers', async (req, res) => {
    const userId = currentUserId(req);
    parse(emptyQuery, req.query, 'Query');
    res.json({ triggers: await deps.mediation.triggers(userId) });
  });

  return router;
}
