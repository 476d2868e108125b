import type { Queryable } from '../db/pool.js';

export type PairingStatus = 'pending' | 'active' | 'canceled' | 'expired';
export type InviteType = 'email' | 'link' | 'code';
export type AuditAction = 'created' | 'accepted' | 'cancelled' | 'expired' | 'failed_attempt';

/** A pairing_sessions row; `is_expired`: pending past its expiry (by the database clock). */
export interface PairingRow {
  id: number;
  pairing_code: string;
  parent_a_id: number;
  parent_b_id: number | null;
  parent_b_email: string | null;
  status: PairingStatus;
  invite_type: InviteType;
  invite_token_hash: string;
  shared_room_id: string | null;
  created_at: Date;
  expires_at: Date;
  accepted_at: Date | null;
  canceled_at: Date | null;
  is_expired: boolean;
}

/** A pairing as one of its parents sees it (the user_pairing_status view's shape). */
export interface PairingStatusRow {
  pairing_id: number;
  pairing_code: string;
  /** 'expired' for a pending one past its expiry, whether or not a job ran. */
  status: PairingStatus;
  invite_type: InviteType;
  user_role: 'initiator' | 'acceptor';
  partner_id: number | null;
  partner_name: string | null;
  parent_b_email: string | null;
  shared_room_id: string | null;
  created_at: Date;
  expires_at: Date;
  accepted_at: Date | null;
}

export interface AuditEntry {
  action: AuditAction;
  pairingId: number | null;
  actorUserId: number | null;
  ip?: string | null;
  userAgent?: string | null;
  details?: Record<string, unknown>;
}

const COLUMNS = `id, pairing_code, parent_a_id, parent_b_id, parent_b_email, status, invite_type,
  invite_token_hash, shared_room_id, created_at, expires_at, accepted_at, canceled_at,
  (status = 'pending' AND expires_at <= now()) AS is_expired`;

/** All SQL about pairings, their audit log, and the notification an accept leaves. */
export function createPairingRepository(db: Queryable) {
  return {
    async insert(
      p: {
        parentAId: number;
        code: string;
        email: string | null;
        inviteType: InviteType;
        tokenHash: string;
        ttlHours: number;
      },
      tx: Queryable = db,
    ): Promise<PairingRow> {
      const { rows } = await tx.query<PairingRow>(
        `INSERT INTO pairing_sessions
           (pairing_code, parent_a_id, parent_b_email, invite_type, invite_token_hash, expires_at)
         VALUES ($1, $2, $3, $4, $5, now() + make_interval(hours => $6))
         RETURNING ${COLUMNS}`,
        [p.code, p.parentAId, p.email, p.inviteType, p.tokenHash, p.ttlHours],
      );
      return rows[0]!;
    },

    /** Pending pairings of `userId` not yet past their expiry. */
    async countLivePending(userId: number): Promise<number> {
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pairing_sessions
          WHERE parent_a_id = $1 AND status = 'pending' AND expires_at > now()`,
        [userId],
      );
      return rows[0]?.n ?? 0;
    },

    /** Frees a code still held by a pending pairing past its expiry; returns the ids expired. */
    async expireStaleHolding(code: string, tx: Queryable = db): Promise<number[]> {
      const { rows } = await tx.query<{ id: number }>(
        `UPDATE pairing_sessions SET status = 'expired'
          WHERE pairing_code = $1 AND status = 'pending' AND expires_at <= now() RETURNING id`,
        [code],
      );
      return rows.map((r) => r.id);
    },

    /** The pairing a code names: its live one if any, else the newest that used it. */
    async findByCode(code: string, tx: Queryable = db): Promise<PairingRow | undefined> {
      const { rows } = await tx.query<PairingRow>(
        `SELECT ${COLUMNS} FROM pairing_sessions WHERE pairing_code = $1
          ORDER BY (status = 'pending') DESC, created_at DESC, id DESC LIMIT 1`,
        [code],
      );
      return rows[0];
    },

    async findByTokenHash(tokenHash: string, tx: Queryable = db): Promise<PairingRow | undefined> {
      const { rows } = await tx.query<PairingRow>(
        `SELECT ${COLUMNS} FROM pairing_sessions WHERE invite_token_hash = $1`,
        [tokenHash],
      );
      return rows[0];
    },

    /** Locks one pairing for the rest of the transaction; `initiatorId` scopes it to its owner. */
    async lock(id: number, tx: Queryable, initiatorId?: number): Promise<PairingRow | undefined> {
      const { rows } = await tx.query<PairingRow>(
        `SELECT ${COLUMNS} FROM pairing_sessions
          WHERE id = $1 AND ($2::int IS NULL OR parent_a_id = $2) FOR UPDATE`,
        [id, initiatorId ?? null],
      );
      return rows[0];
    },

    /**
     * Serialises every accept between the same two users (in either
     * direction), so concurrent accepts cannot each create a room.
     */
    async lockPair(userA: number, userB: number, tx: Queryable): Promise<void> {
      const [low, high] = userA < userB ? [userA, userB] : [userB, userA];
      await tx.query(
        `SELECT pg_advisory_xact_lock(hashtextextended('pairing:' || $1 || ':' || $2, 0))`,
        [low, high],
      );
    },

    /** The room of an earlier active pairing between the two, if it still exists. */
    async findSharedRoom(
      userA: number,
      userB: number,
      tx: Queryable = db,
    ): Promise<string | undefined> {
      const { rows } = await tx.query<{ room_id: string }>(
        `SELECT p.shared_room_id AS room_id FROM pairing_sessions p JOIN rooms r ON r.id = p.shared_room_id
          WHERE p.status = 'active'
            AND ((p.parent_a_id = $1 AND p.parent_b_id = $2) OR (p.parent_a_id = $2 AND p.parent_b_id = $1))
          ORDER BY p.accepted_at DESC LIMIT 1`,
        [userA, userB],
      );
      return rows[0]?.room_id;
    },

    async activate(
      id: number,
      p: { parentBId: number; roomId: string },
      tx: Queryable,
    ): Promise<PairingRow> {
      const { rows } = await tx.query<PairingRow>(
        `UPDATE pairing_sessions
            SET status = 'active', parent_b_id = $2, shared_room_id = $3, accepted_at = now()
          WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, p.parentBId, p.roomId],
      );
      return rows[0]!;
    },

    async cancel(id: number, tx: Queryable): Promise<void> {
      await tx.query(
        `UPDATE pairing_sessions SET status = 'canceled', canceled_at = now() WHERE id = $1`,
        [id],
      );
    },

    async markExpired(id: number, tx: Queryable): Promise<void> {
      await tx.query(
        `UPDATE pairing_sessions SET status = 'expired' WHERE id = $1 AND status = 'pending'`,
        [id],
      );
    },

    /**
     * Closes the other pending invitations between two parents who just
     * paired: the acceptor's own open invitations (by code or link, or by
     * email to the initiator) and the initiator's email invitations to the
     * acceptor. Returns the ids cancelled.
     */
    async cancelReciprocal(
      p: { initiatorId: number; acceptorId: number; acceptorEmail: string; initiatorEmail: string },
      tx: Queryable,
    ): Promise<number[]> {
      const { rows } = await tx.query<{ id: number }>(
        `UPDATE pairing_sessions SET status = 'canceled', canceled_at = now()
          WHERE status = 'pending'
            AND ((parent_a_id = $2 AND (parent_b_email IS NULL OR parent_b_email = $4))
              OR (parent_a_id = $1 AND parent_b_email = $3))
          RETURNING id`,
        [p.initiatorId, p.acceptorId, p.acceptorEmail, p.initiatorEmail],
      );
      return rows.map((r) => r.id);
    },

    async audit(entry: AuditEntry, tx: Queryable = db): Promise<void> {
      await tx.query(
        `INSERT INTO pairing_audit_log (pairing_id, actor_user_id, action, ip, user_agent, details)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [
          entry.pairingId,
          entry.actorUserId,
          entry.action,
          entry.ip ?? null,
          entry.userAgent ?? null,
          JSON.stringify(entry.details ?? {}),
        ],
      );
    },

    /** The in-app notification an accepted pairing leaves, written in the accept transaction. */
    async notifyPaired(
      n: { userId: number; title: string; body: string; roomId: string },
      tx: Queryable,
    ): Promise<void> {
      await tx.query(
        `INSERT INTO notifications (user_id, type, title, body, related_id, related_type)
         VALUES ($1, 'pairing_accepted', $2, $3, $4, 'room')`,
        [n.userId, n.title, n.body, n.roomId],
      );
    },

    /** The caller's live pairings (user_pairing_status), newest first. */
    async currentForUser(userId: number): Promise<PairingStatusRow[]> {
      const { rows } = await db.query<PairingStatusRow>(
        `SELECT v.pairing_id, v.pairing_code, v.status, v.invite_type, v.user_role, v.partner_id,
                p.display_name AS partner_name, v.parent_b_email, v.shared_room_id, v.created_at,
                v.expires_at, v.accepted_at
           FROM user_pairing_status v LEFT JOIN users p ON p.id = v.partner_id
          WHERE v.user_id = $1 ORDER BY v.created_at DESC, v.pairing_id DESC`,
        [userId],
      );
      return rows;
    },

    /** One pairing as `userId` (one of its parents) sees it, whatever its status. */
    async describeFor(
      id: number,
      userId: number,
      tx: Queryable = db,
    ): Promise<PairingStatusRow | undefined> {
      const { rows } = await tx.query<PairingStatusRow>(
        `SELECT s.id AS pairing_id, s.pairing_code,
                CASE WHEN s.status = 'pending' AND s.expires_at <= now() THEN 'expired' ELSE s.status END AS status,
                s.invite_type,
                CASE WHEN s.parent_a_id = $2 THEN 'initiator' ELSE 'acceptor' END AS user_role,
                CASE WHEN s.parent_a_id = $2 THEN s.parent_b_id ELSE s.parent_a_id END AS partner_id,
                p.display_name AS partner_name, s.parent_b_email, s.shared_room_id, s.created_at,
                s.expires_at, s.accepted_at
           FROM pairing_sessions s
           LEFT JOIN users p ON p.id = CASE WHEN s.parent_a_id = $2 THEN s.parent_b_id ELSE s.parent_a_id END
          WHERE s.id = $1 AND (s.parent_a_id = $2 OR s.parent_b_id = $2)`,
        [id, userId],
      );
      return rows[0];
    },
  };
}

export type PairingRepository = ReturnType<typeof createPairingRepository>;
