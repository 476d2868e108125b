import { Router, type Request } from 'express';
import { currentUserId, requireUser } from '../auth/session.js';
import { presentRoom } from '../rooms/presenter.js';
import { parse } from '../shared/validation.js';
import type { PairingService, RequestMeta } from './pairingService.js';
import { presentCreated, presentPairing } from './presenter.js';
import {
  acceptPairingBody,
  createPairingBody,
  currentPairingQuery,
  pairingParams,
  toAcceptInput,
} from './schema.js';

/** IP and user agent for the audit log and the per-IP limit. */
function requestMeta(req: Request): RequestMeta {
  return { ip: req.ip ?? 'unknown', userAgent: req.get('user-agent')?.slice(0, 500) ?? null };
}

/** `/api/pairings`: create, current, accept, cancel. */
export function pairingRoutes(deps: { pairing: PairingService }): Router {
  const router = Router();
  router.use(requireUser);

  router.post('/', async (req, res) => {
    const input = parse(createPairingBody, req.body ?? {}, 'Pairing');
    const { pairing, inviteUrl } = await deps.pairing.create(
      currentUserId(req),
      input,
      requestMeta(req),
    );
    res.status(201).json({ pairing: presentCreated(pairing, inviteUrl) });
  });

  router.get('/current', async (req, res) => {
    parse(currentPairingQuery, req.query, 'Query');
    const rows = await deps.pairing.current(currentUserId(req));
    const pairings = rows.map(presentPairing);
    res.json({ pairing: pairings[0] ?? null, pairings });
  });

  router.post('/accept', async (req, res) => {
    const input = toAcceptInput(parse(acceptPairingBody, req.body, 'Accept'));
    const { pairing, room } = await deps.pairing.accept(
      currentUserId(req),
      input,
      requestMeta(req),
    );
    res.json({ pairing: presentPairing(pairing), room: presentRoom(room) });
  });

  router.post('/:id/cancel', async (req, res) => {
    const { id } = parse(pairingParams, req.params, 'Pairing id');
    const pairing = await deps.pairing.cancel(currentUserId(req), id, requestMeta(req));
    res.json({ pairing: presentPairing(pairing) });
  });

  return router;
}
