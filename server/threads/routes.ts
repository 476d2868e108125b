import { Router } from 'express';
import { currentUserId } from '../auth/session.js';
import { parse } from '../shared/validation.js';
import { listThreadsQuery, roomParams, threadParams, updateThreadBody } from './schema.js';
import type { ThreadService } from './threadService.js';

/** `/api/rooms/:id/threads` and `/api/threads/:id` (mounted under /api). */
export function threadRoutes(deps: { threads: ThreadService }): Router {
  const router = Router();

  router.get('/rooms/:id/threads', async (req, res) => {
    const userId = currentUserId(req);
    const { id } = parse(roomParams, req.params, 'Room');
    const query = parse(listThreadsQuery, req.query, 'Query');
    res.json({ threads: await deps.threads.list(userId, id, query.archived) });
  });

  router.patch('/threads/:id', async (req, res) => {
    const userId = currentUserId(req);
    const { id } = parse(threadParams, req.params, 'Thread');
    const body = parse(updateThreadBody, req.body, 'Body');
    res.json({ thread: await deps.threads.update(userId, id, body) });
  });

  return router;
}
