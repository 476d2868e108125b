import { createHash, randomBytes } from 'node:crypto';
import type { UserRepository } from '../auth/userRepository.js';
import type { Db, Queryable } from '../db/pool.js';
import type { NotificationService } from '../notifications/notificationService.js';
import type { RoomAccess } from '../rooms/roomAccess.js';
import {
  conflict,
  emailUnverified,
  forbidden,
  notFound,
  validationFailed,
} from '../shared/errors.js';
import type { InvitationMailer } from './invitationMailer.js';
import { presentAccessLog, presentGrant, type AccessLogView, type GrantView } from './presenter.js';
import type { ProfessionalRepository } from './professionalRepository.js';
import type { InviteBody } from './schema.js';

const ROLE_LABELS: Record<string, string> = {
  lawyer: 'lawyer',
  mediator: 'mediator',
  guardian_ad_litem: 'guardian ad litem',
  other: 'professional',
};

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Professional access (issue 13): a parent invites a lawyer, mediator or
 * guardian ad litem by email to read one room's record — read-only,
 * until a date, revocable by the parent who invited. Both parents see every
 * grant and the access log; the other parent is notified of each change.
 */
export function createProfessionalService(deps: {
  db: Db;
  grants: ProfessionalRepository;
  access: RoomAccess;
  users: Pick<UserRepository, 'findById'>;
  notifications: Pick<NotificationService, 'enqueue'>;
  mailer: InvitationMailer;
  publicUrl: string;
  maxDays: number;
}) {
  const { db, grants, access } = deps;

  /** Tells each parent but `except` what happened, in the caller's transaction. */
  async function notifyParents(
    tx: Queryable,
    roomId: string,
    except: number | null,
    title: string,
    body: string,
  ): Promise<void> {
    for (const userId of await grants.memberIds(roomId, tx)) {
      if (userId === except) continue;
      await deps.notifications.enqueue(tx, {
        userId,
        type: 'system',
        title,
        body,
        relatedId: roomId,
        relatedType: 'room',
        pushUrl: `/rooms/${roomId}`,
      });
    }
  }

  async function grantView(id: number): Promise<GrantView> {
    const row = await grants.findGrant(id);
    if (!row) throw notFound('Grant');
    return presentGrant(row);
  }

  return {
    async invite(parentId: number, roomId: string, input: InviteBody): Promise<GrantView> {
      await access.requireMember(roomId, parentId);
      if (input.days > deps.maxDays) {
        throw validationFailed(`Access can last at most ${deps.maxDays} days`, {
          issues: [{ field: 'days', message: `must be at most ${deps.maxDays}` }],
        });
      }
      if (await grants.isMemberEmail(roomId, input.email)) {
        throw conflict('That address belongs to a parent of this room');
      }
      const parent = await deps.users.findById(parentId);
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(Date.now() + input.days * 24 * 60 * 60 * 1000);
      const role = ROLE_LABELS[input.role]!;
      const id = await db.withTransaction(async (tx) => {
        const grantId = await grants.insertGrant(tx, {
          roomId,
          invitedBy: parentId,
          email: input.email,
          name: input.name,
          role: input.role,
          tokenHash: hashToken(token),
          expiresAt,
        });
        await grants.log(
          { grantId, roomId, actorId: parentId, action: 'invited', details: { days: input.days } },
          tx,
        );
        await notifyParents(
          tx,
          roomId,
          parentId,
          'A professional was invited to read your record',
          `${parent?.display_name ?? 'Your co-parent'} invited ${input.name} (${role}) to read this room's record until ${expiresAt.toISOString().slice(0, 10)}.`,
        );
        return grantId;
      });
      const view = await grantView(id);
      await deps.mailer.sendInvitationEmail(
        input.email,
        `${deps.publicUrl}/professional-invite/${token}`,
        { roomName: view.roomName, inviterName: view.invitedBy.displayName, role, expiresAt },
      );
      return view;
    },

    /** The invited professional, signed in with the invited address, takes the grant. */
    async accept(userId: number, token: string): Promise<GrantView> {
      const user = await deps.users.findById(userId);
      if (!user) throw notFound('User');
      const id = await db.withTransaction(async (tx) => {
        const pending = await grants.lockPendingByToken(tx, hashToken(token));
        if (!pending) throw notFound('Invitation');
        if (pending.email !== user.email) {
          throw forbidden('This invitation was sent to another email address');
        }
        // Whoever signed up with the address without proving it may not be its owner.
        if (!user.email_verified_at) throw emailUnverified();
        if ((await grants.memberIds(pending.room_id, tx)).includes(userId)) {
          throw conflict('A parent of this room cannot also be its professional');
        }
        await grants.accept(tx, pending.id, userId);
        await grants.log(
          { grantId: pending.id, roomId: pending.room_id, actorId: userId, action: 'accepted' },
          tx,
        );
        await notifyParents(
          tx,
          pending.room_id,
          null,
          'A professional can now read your record',
          `${user.display_name} accepted read-only access to this room's record.`,
        );
        return pending.id;
      });
      return grantView(id);
    },

    /** Only the parent who invited may revoke; the other parent is told. */
    async revoke(parentId: number, roomId: string, grantId: number): Promise<GrantView> {
      await access.requireMember(roomId, parentId);
      const grant = await grants.findGrant(grantId);
      if (!grant || grant.room_id !== roomId) throw notFound('Grant');
      if (grant.invited_by !== parentId) {
        throw forbidden('Only the parent who invited this professional can revoke the access');
      }
      await db.withTransaction(async (tx) => {
        if (!(await grants.revoke(tx, grantId, parentId))) {
          throw conflict('This access has already ended');
        }
        await grants.log({ grantId, roomId, actorId: parentId, action: 'revoked' }, tx);
        await notifyParents(
          tx,
          roomId,
          parentId,
          "A professional's access was revoked",
          `${grant.invited_by_name} revoked ${grant.name}'s access to this room's record.`,
        );
      });
      return grantView(grantId);
    },

    async listForRoom(parentId: number, roomId: string): Promise<GrantView[]> {
      await access.requireMember(roomId, parentId);
      const now = new Date();
      return (await grants.listForRoom(roomId)).map((row) => presentGrant(row, now));
    },

    async accessLog(
      parentId: number,
      roomId: string,
      limit: number,
      beforeId?: number,
    ): Promise<AccessLogView[]> {
      await access.requireMember(roomId, parentId);
      return (await grants.accessLog(roomId, limit, beforeId)).map(presentAccessLog);
    },

    /** The rooms the caller can read as a professional now. */
    async myGrants(userId: number): Promise<GrantView[]> {
      const now = new Date();
      return (await grants.listLiveForProfessional(userId)).map((row) => presentGrant(row, now));
    },
  };
}

export type ProfessionalService = ReturnType<typeof createProfessionalService>;
