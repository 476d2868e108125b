import type { PasswordHasher } from '../auth/passwords.js';
import type { SessionControl } from '../auth/sessionControl.js';
import type { Db } from '../db/pool.js';
import type { NotificationService } from '../notifications/notificationService.js';
import { AppError, notFound, validationFailed } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import type { Limiter } from '../shared/rateLimit.js';
import { erasureRepository as erasure, type Leaver, type SharedRoom } from './erasureRepository.js';
import { formerMemberName } from './pseudonym.js';

/** An account without a password proves itself by a sign-in this recent. */
export const RECENT_SIGN_IN_MINUTES = 10;

export interface DeletionDeps {
  db: Db;
  hasher: PasswordHasher;
  sessions: Pick<SessionControl, 'endAll'>;
  notifications: Pick<NotificationService, 'create'>;
  /** Wrong current passwords per user (shared with password change). */
  passwordChecksByUser: Limiter;
  /** Posts a system message on the room's chain (the send path). */
  postSystemMessage: (
    roomId: string,
    actorId: number,
    clientId: string,
    text: string,
  ) => Promise<unknown>;
  /** Names and members the send path keeps in memory are stale for the user's rooms. */
  forgetRoomsOf: (userId: number) => void;
  logger: Logger;
}

/**
 * Deleting an account (docs/security.md "Retention"): everything personal
 * goes in one transaction, the account row stays as a tombstone under a
 * stable pseudonym because the shared, hash-chained record references it;
 * then every session and socket ends, the rooms' chains say the member
 * left, and the co-parents are told.
 */
export function createDeletionService(deps: DeletionDeps) {
  async function confirm(leaver: Leaver, password: string | undefined, sinceSignInMs: number) {
    if (leaver.passwordHash) {
      if (!password) {
        throw validationFailed('Enter your current password to delete your account', {
          issues: [{ field: 'password', message: 'is required' }],
        });
      }
      await deps.passwordChecksByUser.check(String(leaver.id));
      if (!(await deps.hasher.verify(password, leaver.passwordHash))) {
        await deps.passwordChecksByUser.consume(String(leaver.id));
        throw validationFailed('The current password is not correct', {
          issues: [{ field: 'password', message: 'is not correct' }],
        });
      }
    } else if (sinceSignInMs > RECENT_SIGN_IN_MINUTES * 60_000) {
      throw new AppError(
        'forbidden',
        `Sign in again (within ${RECENT_SIGN_IN_MINUTES} minutes) before deleting your account`,
        { reason: 'reauthenticate' },
      );
    }
  }

  async function announce(leaverId: number, pseudonym: string, rooms: SharedRoom[]) {
    for (const room of rooms.filter((r) => r.remainingIds.length > 0)) {
      const text = `${pseudonym} deleted their Parley account. Their messages stay in this record under that name; their personal data was erased.`;
      await deps
        .postSystemMessage(room.roomId, leaverId, `system:account-deleted:${leaverId}`, text)
        .catch((err: unknown) =>
          deps.logger.warn({ err, roomId: room.roomId }, 'account deletion system message failed'),
        );
    }
    await deps.db.withTransaction((tx) => erasure.leaveRooms(tx, leaverId));
    deps.forgetRoomsOf(leaverId);
    const coParents = new Map<number, string>();
    for (const room of rooms) for (const id of room.remainingIds) coParents.set(id, room.roomId);
    for (const [userId, roomId] of coParents) {
      await deps.notifications
        .create({
          userId,
          type: 'system',
          title: 'Your co-parent deleted their Parley account',
          body: `Your shared record stays with you, complete and verifiable. Their messages now show as "${pseudonym}".`,
          relatedId: roomId,
          relatedType: 'room',
        })
        .catch((err: unknown) => deps.logger.warn({ err }, 'deletion notice not created'));
    }
  }

  return {
    /**
     * Deletes the signed-in user's account. `sinceSignInMs`: how long ago
     * this session signed in (accounts without a password).
     */
    async deleteAccount(
      userId: number,
      input: { password?: string },
      sinceSignInMs: number,
    ): Promise<{ pseudonym: string }> {
      const found = await erasure.lockLeaver(deps.db, userId, false);
      if (!found) throw notFound('Account');
      await confirm(found, input.password, sinceSignInMs);
      const pseudonym = formerMemberName(userId);
      const rooms = await deps.db.withTransaction(async (tx) => {
        const leaver = await erasure.lockLeaver(tx, userId);
        if (!leaver) throw notFound('Account');
        const shared = await erasure.sharedRooms(tx, userId);
        await erasure.pseudonymiseCopies(tx, leaver, pseudonym, shared);
        await erasure.deleteOwnRows(tx, userId);
        await erasure.closePairings(tx, userId);
        await erasure.revokeGrants(tx, userId);
        await erasure.forgetCounters(tx, leaver.email);
        await erasure.tombstone(tx, userId, pseudonym);
        return shared;
      });
      await deps.sessions.endAll(userId);
      deps.forgetRoomsOf(userId);
      deps.logger.info({ userId, rooms: rooms.length }, 'account deleted');
      await announce(userId, pseudonym, rooms);
      return { pseudonym };
    },
  };
}

export type DeletionService = ReturnType<typeof createDeletionService>;
