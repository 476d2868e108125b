import { notFound } from '../shared/errors.js';
import type { RoomRepository, RoomSummaryRow } from './roomRepository.js';

/** Reading rooms: a user sees only the rooms they belong to. */
export function createRoomService(deps: { rooms: RoomRepository }) {
  const { rooms } = deps;
  return {
    listForUser(userId: number): Promise<RoomSummaryRow[]> {
      return rooms.listForUser(userId);
    },

    /** One room; a room the caller is not in answers not_found, as if it did not exist. */
    async getForUser(roomId: string, userId: number): Promise<RoomSummaryRow> {
      const room = await rooms.findForUser(roomId, userId);
      if (!room) throw notFound('Room');
      return room;
    },
  };
}

export type RoomService = ReturnType<typeof createRoomService>;
