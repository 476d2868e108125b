import type { Queryable } from '../db/pool.js';

export type ProfessionalRole = 'lawyer' | 'mediator' | 'guardian_ad_litem' | 'other';
export type AccessAction =
  | 'invited'
  | 'accepted'
  | 'revoked'
  | 'history'
  | 'search'
  | 'threads'
  | 'verify'
  | 'export_json'
  | 'export_pdf';

/** A professional_grants row with the names both parents see. */
export interface GrantRow {
  id: number;
  room_id: string;
  room_name: string;
  invited_by: number;
  invited_by_name: string;
  email: string;
  name: string;
  role: ProfessionalRole;
  professional_id: number | null;
  created_at: Date;
  expires_at: Date;
  accepted_at: Date | null;
  revoked_at: Date | null;
}

/** One access-log line. */
export interface AccessLogRow {
  id: number;
  grant_id: number;
  professional_name: string;
  professional_email: string;
  actor_id: number | null;
  actor_name: string | null;
  action: AccessAction;
  details: Record<string, unknown>;
  created_at: Date;
}

const GRANT_SELECT = `SELECT g.id, g.room_id, r.name AS room_name, g.invited_by, u.display_name AS invited_by_name,
  g.email, g.name, g.role, g.professional_id, g.created_at, g.expires_at, g.accepted_at, g.revoked_at
  FROM professional_grants g JOIN rooms r ON r.id = g.room_id JOIN users u ON u.id = g.invited_by`;

const LIVE = 'g.revoked_at IS NULL AND g.expires_at > now()';

/** All SQL about professional grants and the access log. */
export function createProfessionalRepository(db: Queryable) {
  return {
    async insertGrant(
      tx: Queryable,
      grant: {
        roomId: string;
        invitedBy: number;
        email: string;
        name: string;
        role: ProfessionalRole;
        tokenHash: string;
        expiresAt: Date;
      },
    ): Promise<number> {
      const { rows } = await tx.query<{ id: number }>(
        `INSERT INTO professional_grants (room_id, invited_by, email, name, role, invite_token_hash, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [
          grant.roomId,
          grant.invitedBy,
          grant.email,
          grant.name,
          grant.role,
          grant.tokenHash,
          grant.expiresAt,
        ],
      );
      return rows[0]!.id;
    },

    /** Whether someone with this email is already a parent in the room. */
    async isMemberEmail(roomId: string, email: string): Promise<boolean> {
      const { rows } = await db.query(
        `SELECT 1 FROM room_members rm JOIN users u ON u.id = rm.user_id
          WHERE rm.room_id = $1 AND u.email = $2`,
        [roomId, email],
      );
      return rows.length > 0;
    },

    /** The parents of a room (who hears about grants). */
    async memberIds(roomId: string, tx: Queryable = db): Promise<number[]> {
      const { rows } = await tx.query<{ user_id: number }>(
        'SELECT user_id FROM room_members WHERE room_id = $1 ORDER BY user_id',
        [roomId],
      );
      return rows.map((r) => r.user_id);
    },

    async findGrant(id: number, tx: Queryable = db): Promise<GrantRow | undefined> {
      const { rows } = await tx.query<GrantRow>(`${GRANT_SELECT} WHERE g.id = $1`, [id]);
      return rows[0];
    },

    /** A live, not yet accepted invitation by its token's hash, locked for acceptance. */
    async lockPendingByToken(
      tx: Queryable,
      tokenHash: string,
    ): Promise<{ id: number; room_id: string; email: string } | undefined> {
      const { rows } = await tx.query<{ id: number; room_id: string; email: string }>(
        `SELECT g.id, g.room_id, g.email FROM professional_grants g
          WHERE g.invite_token_hash = $1 AND g.accepted_at IS NULL AND ${LIVE} FOR UPDATE`,
        [tokenHash],
      );
      return rows[0];
    },

    async accept(tx: Queryable, grantId: number, professionalId: number): Promise<void> {
      await tx.query(
        'UPDATE professional_grants SET professional_id = $2, accepted_at = now() WHERE id = $1',
        [grantId, professionalId],
      );
    },

    /** Revokes a live grant; false when it was already revoked or expired. */
    async revoke(tx: Queryable, grantId: number, by: number): Promise<boolean> {
      const { rowCount } = await tx.query(
        `UPDATE professional_grants g SET revoked_at = now(), revoked_by = $2
          WHERE g.id = $1 AND ${LIVE}`,
        [grantId, by],
      );
      return (rowCount ?? 0) > 0;
    },

    async listForRoom(roomId: string): Promise<GrantRow[]> {
      const { rows } = await db.query<GrantRow>(
        `${GRANT_SELECT} WHERE g.room_id = $1 ORDER BY g.id`,
        [roomId],
      );
      return rows;
    },

    /** The rooms a professional can read now. */
    async listLiveForProfessional(userId: number): Promise<GrantRow[]> {
      const { rows } = await db.query<GrantRow>(
        `${GRANT_SELECT} WHERE g.professional_id = $1 AND ${LIVE} ORDER BY g.expires_at`,
        [userId],
      );
      return rows;
    },

    async activeGrant(roomId: string, userId: number): Promise<{ id: number } | undefined> {
      const { rows } = await db.query<{ id: number }>(
        `SELECT g.id FROM professional_grants g
          WHERE g.professional_id = $1 AND g.room_id = $2 AND ${LIVE} LIMIT 1`,
        [userId, roomId],
      );
      return rows[0];
    },

    async log(
      entry: {
        grantId: number;
        roomId: string;
        actorId: number;
        action: AccessAction;
        details?: Record<string, unknown>;
      },
      tx: Queryable = db,
    ): Promise<void> {
      await tx.query(
        `INSERT INTO professional_access_log (grant_id, room_id, actor_id, action, details)
         VALUES ($1, $2, $3, $4, $5)`,
        [entry.grantId, entry.roomId, entry.actorId, entry.action, entry.details ?? {}],
      );
    },

    /** The room's access log, newest first. */
    async accessLog(roomId: string, limit: number, beforeId?: number): Promise<AccessLogRow[]> {
      const { rows } = await db.query<AccessLogRow>(
        `SELECT l.id, l.grant_id, g.name AS professional_name, g.email AS professional_email,
                l.actor_id, a.display_name AS actor_name, l.action, l.details, l.created_at
           FROM professional_access_log l
           JOIN professional_grants g ON g.id = l.grant_id
           LEFT JOIN users a ON a.id = l.actor_id
          WHERE l.room_id = $1 AND l.id < $2 ORDER BY l.id DESC LIMIT $3`,
        [roomId, beforeId ?? Number.MAX_SAFE_INTEGER, limit],
      );
      return rows;
    },
  };
}

export type ProfessionalRepository = ReturnType<typeof createProfessionalRepository>;
