import { Router } from 'express';
import { currentUserId, requireUser } from '../auth/session.js';
import { parse } from '../shared/validation.js';
import type { NotificationService } from './notificationService.js';
import { presentNotification } from './presenter.js';
import { listNotificationsQuery, notificationParams } from './schema.js';

/** `/api/notifications`: the caller's own notifications; another user's id answers not_found. */
export function notificationRoutes(deps: { notifications: NotificationService }): Router {
  const router = Router();
  router.use(requireUser);

  router.get('/', async (req, res) => {
    const query = parse(listNotificationsQuery, req.query, 'Query');
    const { rows, unreadCount } = await deps.notifications.list(currentUserId(req), {
      unreadOnly: query.unread,
      limit: query.limit,
      beforeId: query.beforeId,
    });
    res.json({ notifications: rows.map(presentNotification), unreadCount });
  });

  router.post('/read-all', async (req, res) => {
    const updated = await deps.notifications.markAllRead(currentUserId(req));
    res.json({ updated });
  });

  router.post('/:id/read', async (req, res) => {
    const { id } = parse(notificationParams, req.params, 'Notification id');
    const row = await deps.notifications.markRead(currentUserId(req), id);
    res.json({ notification: presentNotification(row) });
  });

  return router;
}
