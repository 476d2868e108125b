import type { UserRepository, UserRow } from '../auth/userRepository.js';
import type { ContactRepository } from '../contacts/contactRepository.js';
import type { Db, Queryable } from '../db/pool.js';
import type { RoomRepository, RoomSummaryRow } from '../rooms/roomRepository.js';
import { type AppError, conflict, emailUnverified, forbidden, notFound } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import {
  refundAttempt,
  spendAttempt,
  type AttemptBudgets,
  type RequestMeta,
} from './attemptLimits.js';
import { hashInviteToken, safeEqual } from './codes.js';
import type {
  AuditAction,
  PairingRepository,
  PairingRow,
  PairingStatusRow,
} from './pairingRepository.js';
import type { AcceptInput } from './schema.js';

/** Called after an accept commits, e.g. to join both users' sockets to the room. */
/** Called after an accept commits: the room, its two members (initiator first), the pairing. */
export type OnPaired = (room: {
  id: string;
  memberIds: number[];
  pairingId: number;
}) => void | Promise<void>;

export type { RequestMeta } from './attemptLimits.js';

export interface AcceptDeps extends AttemptBudgets {
  db: Db;
  pairings: PairingRepository;
  rooms: RoomRepository;
  contacts: ContactRepository;
  users: UserRepository;
  onPaired?: OnPaired;
  logger: Logger;
}

type Outcome =
  | { ok: true; pairing: PairingRow; roomId: string; initiatorId: number }
  | { ok: false; error: AppError };

// Deadlock / serialization failure: the transaction did nothing; run it again.
const RETRYABLE = new Set(['40P01', '40001']);
const ATTEMPTS = 3;

const person = (u: UserRow) => ({
  id: u.id,
  email: u.email,
  firstName: u.first_name ?? u.display_name,
  lastName: u.first_name ? u.last_name : null,
});

/**
 * Accepting a pairing, by code or by invite token. Everything an accept
 * changes (pairing, room, members, both contacts, notifications, audit,
 * closing the reciprocal invitation) commits together or not at all. A
 * refusal commits only its audit row (and, for an expired one, the expiry).
 */
export function createAcceptPairing(deps: AcceptDeps) {
  const { pairings, rooms, contacts } = deps;

  async function pair(
    p: PairingRow,
    acceptor: UserRow,
    via: string,
    meta: RequestMeta,
    tx: Queryable,
  ): Promise<Outcome> {
    const initiator = await deps.users.findById(p.parent_a_id);
    if (!initiator) return { ok: false, error: notFound('Invitation') };
    const audit = { actorUserId: acceptor.id, ip: meta.ip, userAgent: meta.userAgent };

    // Pairing again with the same co-parent: their room, not a second one.
    const existing = await pairings.findSharedRoom(initiator.id, acceptor.id, tx);
    const roomId =
      existing ??
      (
        await rooms.create(
          {
            name: `${initiator.display_name} & ${acceptor.display_name}`.slice(0, 200),
            createdBy: initiator.id,
          },
          tx,
        )
      ).id;
    await rooms.addMembers(
      roomId,
      [
        { userId: initiator.id, role: 'owner' },
        { userId: acceptor.id, role: 'member' },
      ],
      tx,
    );
    const pairing = await pairings.activate(p.id, { parentBId: acceptor.id, roomId }, tx);
    await contacts.upsertCoParent(initiator.id, person(acceptor), tx);
    await contacts.upsertCoParent(acceptor.id, person(initiator), tx);
    await pairings.notifyPaired(
      {
        userId: initiator.id,
        title: `${acceptor.display_name} accepted your invitation`,
        body: 'You now share a private room.',
        roomId,
      },
      tx,
    );
    await pairings.notifyPaired(
      {
        userId: acceptor.id,
        title: `You are now paired with ${initiator.display_name}`,
        body: 'You now share a private room.',
        roomId,
      },
      tx,
    );
    await pairings.audit(
      {
        ...audit,
        action: 'accepted',
        pairingId: p.id,
        details: { via, roomId, reusedRoom: Boolean(existing) },
      },
      tx,
    );
    // Both invited each other: the other invitation is closed, so they pair once.
    const closed = await pairings.cancelReciprocal(
      {
        initiatorId: initiator.id,
        acceptorId: acceptor.id,
        initiatorEmail: initiator.email,
        acceptorEmail: acceptor.email,
      },
      tx,
    );
    for (const id of closed) {
      await pairings.audit(
        {
          ...audit,
          action: 'cancelled',
          pairingId: id,
          details: { reason: 'paired', pairingId: p.id },
        },
        tx,
      );
    }
    return { ok: true, pairing, roomId, initiatorId: initiator.id };
  }

  async function attempt(
    acceptor: UserRow,
    input: AcceptInput,
    meta: RequestMeta,
  ): Promise<Outcome> {
    const userId = acceptor.id;
    const via = 'code' in input ? 'code' : 'token';
    return deps.db.withTransaction(async (tx) => {
      const refuse = async (
        error: AppError,
        reason: string,
        pairingId: number | null,
        action: AuditAction = 'failed_attempt',
      ): Promise<Outcome> => {
        await pairings.audit(
          {
            action,
            pairingId,
            actorUserId: userId,
            ip: meta.ip,
            userAgent: meta.userAgent,
            details: { reason, via },
          },
          tx,
        );
        return { ok: false, error };
      };

      const tokenHash = 'token' in input ? hashInviteToken(input.token) : undefined;
      const found =
        'code' in input
          ? await pairings.findByCode(input.code, tx)
          : await pairings.findByTokenHash(tokenHash!, tx);
      const matches =
        found !== undefined &&
        ('code' in input
          ? safeEqual(found.pairing_code, input.code)
          : safeEqual(found.invite_token_hash, tokenHash!));
      if (!found || !matches) {
        return refuse(notFound('Invitation'), `unknown_${via}`, null);
      }
      // Pair lock first, then the row: accepts between the same two queue here.
      if (found.parent_a_id !== userId) await pairings.lockPair(found.parent_a_id, userId, tx);
      const p = await pairings.lock(found.id, tx);
      if (!p) return refuse(notFound('Invitation'), `unknown_${via}`, null);

      if (p.parent_a_id === userId) {
        return refuse(
          forbidden("You can't accept your own invitation: share it with your co-parent"),
          'own_invitation',
          p.id,
        );
      }
      if (p.status === 'active') {
        const mine = p.parent_b_id === userId;
        return refuse(
          mine
            ? conflict('You already accepted this invitation', { roomId: p.shared_room_id })
            : conflict('This invitation has already been accepted'),
          'already_accepted',
          p.id,
        );
      }
      if (p.status === 'canceled') {
        const roomId = await pairings.findSharedRoom(p.parent_a_id, userId, tx);
        return refuse(
          roomId
            ? conflict('You are already paired with this co-parent', { roomId })
            : conflict('This invitation was cancelled; ask your co-parent for a new one'),
          'cancelled',
          p.id,
        );
      }
      if (p.status === 'expired' || p.is_expired) {
        const expiresAt = p.expires_at.toISOString();
        const error = conflict(
          `This invitation expired on ${expiresAt}; ask your co-parent for a new one`,
          { expiresAt },
        );
        if (p.status !== 'pending') return refuse(error, 'expired', p.id);
        await pairings.markExpired(p.id, tx);
        return refuse(error, 'expired', p.id, 'expired');
      }
      if (p.invite_type === 'email' && p.parent_b_email !== acceptor.email) {
        return refuse(
          forbidden('This invitation was sent to a different email address'),
          'email_mismatch',
          p.id,
        );
      }
      // The address must be proven, or whoever squats it could accept (hole 2).
      if (p.invite_type === 'email' && !acceptor.email_verified_at) {
        return refuse(emailUnverified(), 'email_unverified', p.id);
      }
      return pair(p, acceptor, via, meta, tx);
    });
  }

  return async function accept(
    userId: number,
    input: AcceptInput,
    meta: RequestMeta,
  ): Promise<{ pairing: PairingStatusRow; room: RoomSummaryRow }> {
    await spendAttempt(deps, userId, meta);
    const acceptor = await deps.users.findById(userId);
    if (!acceptor) throw notFound('Account');

    let outcome: Outcome | undefined;
    for (let i = 1; !outcome; i++) {
      try {
        outcome = await attempt(acceptor, input, meta);
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        if (i >= ATTEMPTS || typeof code !== 'string' || !RETRYABLE.has(code)) throw err;
      }
    }
    if (!outcome.ok) throw outcome.error;
    await refundAttempt(deps, userId, meta);

    try {
      await deps.onPaired?.({
        id: outcome.roomId,
        memberIds: [outcome.initiatorId, userId],
        pairingId: outcome.pairing.id,
      });
    } catch (err) {
      // The pairing is committed; a failed live join heals on the sockets' next connect.
      deps.logger.warn({ err, roomId: outcome.roomId }, 'onPaired hook failed');
    }
    const [pairing, room] = await Promise.all([
      pairings.describeFor(outcome.pairing.id, userId),
      rooms.findForUser(outcome.roomId, userId),
    ]);
    if (!pairing || !room) throw notFound('Room');
    return { pairing, room };
  };
}

export type AcceptPairing = ReturnType<typeof createAcceptPairing>;
