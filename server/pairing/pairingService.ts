import type { UserRepository } from '../auth/userRepository.js';
import type { Db } from '../db/pool.js';
import { sendInBackground, type Mailer } from '../mail/mailer.js';
import { mails } from '../mail/templates.js';
import { conflict, internal, notFound, toAppError, validationFailed } from '../shared/errors.js';
import { createAcceptPairing, type AcceptDeps, type RequestMeta } from './acceptPairing.js';
import { generateInviteToken, generatePairingCode, hashInviteToken } from './codes.js';
import type { PairingRepository, PairingRow, PairingStatusRow } from './pairingRepository.js';

export type { OnPaired, RequestMeta } from './acceptPairing.js';

/** Open invitations one user may hold at once: enough for real life, not for hoarding codes. */
export const MAX_OPEN_INVITATIONS = 5;
const CODE_ATTEMPTS = 20;

export interface PairingServiceDeps extends AcceptDeps {
  db: Db;
  pairings: PairingRepository;
  users: UserRepository;
  /** Public origin; invite links are `${publicUrl}/invite/<token>`. */
  publicUrl: string;
  ttlHours: number;
  /** Email invitations are mailed to the invitee. */
  mailer: Mailer;
}

const isLiveCodeClash = (err: unknown) => {
  const appError = toAppError(err);
  const constraint = (appError.details as { constraint?: string } | undefined)?.constraint;
  return appError.code === 'conflict' && constraint === 'pairing_sessions_live_code_key';
};

/**
 * Pairing: create an invitation (code + link, optionally bound to an email),
 * see one's live pairings, accept (acceptPairing.ts), cancel. Every step
 * leaves a pairing_audit_log row.
 */
export function createPairingService(deps: PairingServiceDeps) {
  const { pairings } = deps;
  const accept = createAcceptPairing(deps);

  return {
    /** Creates a pending invitation; the token exists only in the returned link. */
    async create(
      userId: number,
      input: { email?: string },
      meta: RequestMeta,
    ): Promise<{ pairing: PairingRow; inviteUrl: string }> {
      const me = await deps.users.findById(userId);
      if (!me) throw notFound('Account');
      if (input.email === me.email) throw validationFailed('You cannot invite yourself');
      if ((await pairings.countLivePending(userId)) >= MAX_OPEN_INVITATIONS) {
        throw conflict(
          `You already have ${MAX_OPEN_INVITATIONS} open invitations; cancel one before creating another`,
        );
      }
      const token = generateInviteToken();
      for (let i = 0; i < CODE_ATTEMPTS; i++) {
        const code = generatePairingCode();
        try {
          const pairing = await deps.db.withTransaction(async (tx) => {
            const row = await pairings.insert(
              {
                parentAId: userId,
                code,
                email: input.email ?? null,
                inviteType: input.email ? 'email' : 'code',
                tokenHash: hashInviteToken(token),
                ttlHours: deps.ttlHours,
              },
              tx,
            );
            await pairings.audit(
              {
                action: 'created',
                pairingId: row.id,
                actorUserId: userId,
                ip: meta.ip,
                userAgent: meta.userAgent,
                details: { inviteType: row.invite_type },
              },
              tx,
            );
            return row;
          });
          const inviteUrl = `${deps.publicUrl}/invite/${token}`;
          if (pairing.parent_b_email) {
            sendInBackground(
              deps.mailer,
              deps.logger,
              mails.pairingInvitation(
                pairing.parent_b_email,
                me.display_name,
                inviteUrl,
                pairing.pairing_code,
                pairing.expires_at,
              ),
            );
          }
          return { pairing, inviteUrl };
        } catch (err) {
          if (!isLiveCodeClash(err)) throw err;
          // The code is held by a live pairing, or by a pending one nobody has
          // yet marked expired: free the latter so codes do not leak away.
          await deps.db.withTransaction(async (tx) => {
            for (const id of await pairings.expireStaleHolding(code, tx)) {
              await pairings.audit(
                {
                  action: 'expired',
                  pairingId: id,
                  actorUserId: null,
                  details: { reason: 'code_reuse' },
                },
                tx,
              );
            }
          });
        }
      }
      deps.logger.error({ attempts: CODE_ATTEMPTS }, 'no free pairing code found');
      throw internal();
    },

    /** The caller's pending and active pairings, newest first; expired ones read 'expired'. */
    current(userId: number): Promise<PairingStatusRow[]> {
      return pairings.currentForUser(userId);
    },

    accept,

    /** The initiator cancels a pending pairing; for anyone else it does not exist. */
    async cancel(userId: number, id: number, meta: RequestMeta): Promise<PairingStatusRow> {
      const audit = { pairingId: id, actorUserId: userId, ip: meta.ip, userAgent: meta.userAgent };
      const refusal = await deps.db.withTransaction(async (tx) => {
        const p = await pairings.lock(id, tx, userId);
        if (!p) return notFound('Pairing');
        if (p.status === 'active')
          return conflict('This pairing was accepted; it can no longer be cancelled');
        if (p.status === 'canceled') return conflict('This pairing is already cancelled');
        if (p.status === 'expired' || p.is_expired) {
          if (p.status === 'pending') {
            await pairings.markExpired(id, tx);
            await pairings.audit(
              { ...audit, action: 'expired', details: { reason: 'cancel_after_expiry' } },
              tx,
            );
          }
          return conflict('This pairing has already expired');
        }
        await pairings.cancel(id, tx);
        await pairings.audit({ ...audit, action: 'cancelled' }, tx);
        return undefined;
      });
      if (refusal) throw refusal;
      const row = await pairings.describeFor(id, userId);
      if (!row) throw notFound('Pairing');
      return row;
    },
  };
}

export type PairingService = ReturnType<typeof createPairingService>;
