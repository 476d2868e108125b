import { Router } from 'express';
import { currentUserId } from '../auth/session.js';
import { parse } from '../shared/validation.js';
import type { ProfessionalService } from './professionalService.js';
import {
  acceptBody,
  accessLogQuery,
  emptyQuery,
  grantParams,
  inviteBody,
  roomParams,
} from './schema.js';

/**
 * Professional access under /api: parents invite, list and revoke grants
 * and read the access log of their room; the professional accepts an
 * invitation and lists the rooms they may read.
 */
export function professionalRoutes(deps: { professionals: ProfessionalService }): Router {
  const router = Router();
  const { professionals } = deps;

  router.post('/rooms/:id/professionals', async (req, res) => {
    const userId = currentUserId(req);
    const { id } = parse(roomParams, req.params, 'Room');
    const body = parse(inviteBody, req.body, 'Body');
    res.status(201).json({ grant: await professionals.invite(userId, id, body) });
  });

  router.get('/rooms/:id/professionals', async (req, res) => {
    const userId = currentUserId(req);
    const { id } = parse(roomParams, req.params, 'Room');
    parse(emptyQuery, req.query, 'Query');
    res.json({ grants: await professionals.listForRoom(userId, id) });
  });

  router.post('/rooms/:id/professionals/:grantId/revoke', async (req, res) => {
    const userId = currentUserId(req);
    const { id, grantId } = parse(grantParams, req.params, 'Grant');
    res.json({ grant: await professionals.revoke(userId, id, grantId) });
  });

  router.get('/rooms/:id/access-log', async (req, res) => {
    const userId = currentUserId(req);
    const { id } = parse(roomParams, req.params, 'Room');
    const query = parse(accessLogQuery, req.query, 'Query');
    res.json({ entries: await professionals.accessLog(userId, id, query.limit, query.beforeId) });
  });

  router.post('/professional-invitations/accept', async (req, res) => {
    const userId = currentUserId(req);
    const { token } = parse(acceptBody, req.body, 'Body');
    res.json({ grant: await professionals.accept(userId, token) });
  });

  router.get('/professional/rooms', async (req, res) => {
    const userId = currentUserId(req);
    parse(emptyQuery, req.query, 'Query');
    res.json({ grants: await professionals.myGrants(userId) });
  });

  return router;
}
