import { Router } from 'express';
import {
  currentUserId,
  requireUser,
  signOut,
  sinceSignIn,
  SESSION_COOKIE,
} from '../auth/session.js';
import { parse } from '../shared/validation.js';
import type { DeletionService } from './deletionService.js';
import type { ExportService } from './exportService.js';
import { deleteAccountBody, exportAccountQuery } from './schema.js';

/** `/api/account`: the signed-in user's own account as a whole — export it, delete it. */
export function accountRoutes(deps: { deletion: DeletionService; exports: ExportService }): Router {
  const router = Router();
  router.use(requireUser);

  // A download: a JSON file named for the account and the day, never cached.
  router.get('/export', async (req, res) => {
    parse(exportAccountQuery, req.query, 'Query');
    const userId = currentUserId(req);
    const data = await deps.exports.build(userId);
    res
      .set('Cache-Control', 'no-store')
      .attachment(`parley-account-${userId}-${data.exportedAt.slice(0, 10)}.json`)
      .type('application/json')
      .send(JSON.stringify(data, null, 2));
  });

  router.delete('/', async (req, res) => {
    const input = parse(deleteAccountBody, req.body ?? {}, 'Account deletion');
    const result = await deps.deletion.deleteAccount(currentUserId(req), input, sinceSignIn(req));
    await signOut(req);
    res.clearCookie(SESSION_COOKIE).json({ ok: true, deleted: true, pseudonym: result.pseudonym });
  });

  return router;
}
