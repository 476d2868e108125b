import { Router } from 'express';
import { currentUserId } from '../auth/session.js';
import { parse } from '../shared/validation.js';
import type { MessageService } from './messageService.js';
import { historyQuery, roomParams, searchQuery } from './schema.js';

/** `/api/rooms/:id/...`: the record over REST (history, search, chain check). */
export function messageRoutes(deps: { messages: MessageService }): Router {
  const router = Router();

  router.get('/rooms/:id/messages', async (req, res) => {
    const { id } = parse(roomParams, req.params, 'Room');
    const query = parse(historyQuery, req.query, 'Query');
    res.json(await deps.messages.history(currentUserId(req), id, query.beforeSeq, query.limit));
  });

  router.get('/rooms/:id/search', async (req, res) => {
    const { id } = parse(roomParams, req.params, 'Room');
    const query = parse(searchQuery, req.query, 'Query');
    res.json(
      await deps.messages.search(currentUserId(req), id, query.q, query.limit, query.offset),
    );
  });

  router.get('/rooms/:id/verify', async (req, res) => {
    const { id } = parse(roomParams, req.params, 'Room');
    res.json(await deps.messages.verify(currentUserId(req), id));
  });

  return router;
}
