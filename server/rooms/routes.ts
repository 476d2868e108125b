import { Router } from 'express';
import { currentUserId, requireUser } from '../auth/session.js';
import { parse } from '../shared/validation.js';
import { presentRoom } from './presenter.js';
import type { RoomService } from './roomService.js';
import { listRoomsQuery, roomParams } from './schema.js';

/** `/api/rooms`: the caller's rooms. Message routes under /:id live with messaging. */
export function roomRoutes(deps: { rooms: RoomService }): Router {
  const router = Router();
  router.use(requireUser);

  router.get('/', async (req, res) => {
    parse(listRoomsQuery, req.query, 'Query');
    const rooms = await deps.rooms.listForUser(currentUserId(req));
    res.json({ rooms: rooms.map(presentRoom) });
  });

  router.get('/:id', async (req, res) => {
    const { id } = parse(roomParams, req.params, 'Room id');
    const room = await deps.rooms.getForUser(id, currentUserId(req));
    res.json({ room: presentRoom(room) });
  });

  return router;
}
