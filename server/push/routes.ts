import { Router } from 'express';
import { currentUserId, requireUser } from '../auth/session.js';
import { parse } from '../shared/validation.js';
import { presentSubscription } from './presenter.js';
import type { PushService } from './pushService.js';
import { subscribeBody, unsubscribeBody } from './schema.js';

/** `/api/push`: the VAPID public key, and the caller's push subscriptions. */
export function pushRoutes(deps: { push: PushService }): Router {
  const router = Router();

  // Public: the service worker needs it to subscribe, and it is public by nature.
  router.get('/vapid-public-key', async (_req, res) => {
    res.json({ publicKey: await deps.push.publicKey() });
  });

  router.post('/subscriptions', requireUser, async (req, res) => {
    const input = parse(subscribeBody, req.body, 'Subscription');
    const { row, created } = await deps.push.subscribe(
      currentUserId(req),
      input,
      req.get('user-agent'),
    );
    res.status(created ? 201 : 200).json({ subscription: presentSubscription(row) });
  });

  router.delete('/subscriptions', requireUser, async (req, res) => {
    const { endpoint } = parse(unsubscribeBody, req.body, 'Subscription');
    await deps.push.unsubscribe(currentUserId(req), endpoint);
    res.status(204).end();
  });

  return router;
}
