import { notFound } from '../shared/errors.js';
import type { RoomRepository } from './roomRepository.js';

/** How a viewer may read a room: as one of its parents, or as an invited professional. */
export type ReaderRole = 'member' | 'professional';

/** The reads a professional may make; each is written to the room's access log. */
export type ReadAction = 'history' | 'search' | 'threads' | 'verify' | 'export_json' | 'export_pdf';

/** The professional-access domain, as room access needs it (server/professionals). */
export interface ProfessionalReads {
  /** The live grant (accepted, not expired, not revoked) of `userId` on `roomId`. */
  activeGrant(roomId: string, userId: number): Promise<{ id: number } | undefined>;
  /** Appends one read to the room's access log (both parents see it). */
  logRead(
    grant: { id: number },
    roomId: string,
    userId: number,
    action: ReadAction,
    details: Record<string, unknown>,
  ): Promise<void>;
}

/**
 * The one room-access check. Writes and member-only reads call
 * `requireMember`; the record's read paths (history, search, threads,
 * verify, export) call `requireReader`, which also lets in a professional
 * holding a live grant — and logs that read before anything is returned.
 * Anyone else gets not_found, as if the room did not exist.
 */
export function createRoomAccess(deps: {
  rooms: Pick<RoomRepository, 'isMember'>;
  professionals?: ProfessionalReads;
}) {
  async function requireMember(roomId: string, userId: number): Promise<void> {
    if (!(await deps.rooms.isMember(roomId, userId))) throw notFound('Room');
  }

  return {
    requireMember,

    async requireReader(
      roomId: string,
      userId: number,
      action: ReadAction,
      details: Record<string, unknown> = {},
    ): Promise<ReaderRole> {
      if (await deps.rooms.isMember(roomId, userId)) return 'member';
      const grant = await deps.professionals?.activeGrant(roomId, userId);
      if (!grant) throw notFound('Room');
      await deps.professionals!.logRead(grant, roomId, userId, action, details);
      return 'professional';
    },
  };
}

export type RoomAccess = ReturnType<typeof createRoomAccess>;
