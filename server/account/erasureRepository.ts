import type { Queryable } from '../db/pool.js';
import { replaceName, tombstoneEmail } from './pseudonym.js';

/** Who the leaver was, read (and locked) before anything is erased. */
export interface Leaver {
  id: number;
  email: string;
  displayName: string;
  firstName: string | null;
  lastName: string | null;
  passwordHash: string | null;
}

/** A room the leaver shared, and who stays in it. */
export interface SharedRoom {
  roomId: string;
  name: string;
  remainingIds: number[];
}

/** The tables that are the leaver's alone: their rows go whole. */
const OWN_TABLES = [
  'user_demographics',
  'user_employment',
  'user_health_context',
  'user_financials',
  'user_background',
  'contacts',
  'push_subscriptions',
  'notifications',
  'auth_tokens',
  'communication_profiles',
  'communication_triggers',
  'intervention_rewrites',
  'intervention_statistics',
] as const;

/**
 * All SQL of account erasure (docs/security.md "Retention"). It crosses
 * domains on purpose: one transaction must erase everything personal or
 * nothing, and the list of what goes is easier to audit in one place.
 * Every function takes the transaction.
 */
export const erasureRepository = {
  /** The live account row (locked unless `lock` is false); undefined when gone or deleted. */
  async lockLeaver(tx: Queryable, userId: number, lock = true): Promise<Leaver | undefined> {
    const { rows } = await tx.query<Leaver>(
      `SELECT id, email, display_name AS "displayName", first_name AS "firstName",
              last_name AS "lastName", password_hash AS "passwordHash"
         FROM users WHERE id = $1 AND deleted_at IS NULL ${lock ? 'FOR UPDATE' : ''}`,
      [userId],
    );
    return rows[0];
  },

  /** The leaver's rooms with the members who stay. */
  async sharedRooms(tx: Queryable, userId: number): Promise<SharedRoom[]> {
    const { rows } = await tx.query<{ room_id: string; name: string; remaining: number[] }>(
      `SELECT r.id AS room_id, r.name,
              COALESCE(array_agg(o.user_id ORDER BY o.user_id) FILTER (WHERE o.user_id IS NOT NULL), '{}') AS remaining
         FROM room_members me
         JOIN rooms r ON r.id = me.room_id
         LEFT JOIN room_members o ON o.room_id = me.room_id AND o.user_id <> me.user_id
        WHERE me.user_id = $1
        GROUP BY r.id, r.name`,
      [userId],
    );
    return rows.map((r) => ({ roomId: r.room_id, name: r.name, remainingIds: r.remaining }));
  },

  /** Deletes the leaver's own rows: profile, contacts, push, notifications, tokens, mediation. */
  async deleteOwnRows(tx: Queryable, userId: number): Promise<void> {
    for (const table of OWN_TABLES) {
      await tx.query(`DELETE FROM ${table} WHERE user_id = $1`, [userId]);
    }
    // Private tasks go; a task filed in a shared room is part of what the co-parent holds.
    await tx.query('DELETE FROM tasks WHERE user_id = $1 AND room_id IS NULL', [userId]);
  },

  /**
   * Pending invitations the leaver made are cancelled; an active pairing
   * with them ends (the co-parent may pair again; the room stays theirs).
   * Every change gets its audit row; the audit rows the leaver acted in lose
   * their IP and user agent; an invitation addressed to them loses the address.
   */
  async closePairings(tx: Queryable, userId: number): Promise<void> {
    const { rows } = await tx.query<{ id: number; was: string }>(
      `UPDATE pairing_sessions p SET status = 'canceled', canceled_at = now()
         FROM (SELECT id, status AS was FROM pairing_sessions
                WHERE (parent_a_id = $1 OR parent_b_id = $1) AND status IN ('pending', 'active')
                FOR UPDATE) old
        WHERE p.id = old.id
        RETURNING p.id, old.was`,
      [userId],
    );
    await tx.query(
      'UPDATE pairing_audit_log SET ip = NULL, user_agent = NULL WHERE actor_user_id = $1',
      [userId],
    );
    for (const row of rows) {
      await tx.query(
        `INSERT INTO pairing_audit_log (pairing_id, actor_user_id, action, details)
         VALUES ($1, $2, 'cancelled', $3)`,
        [row.id, userId, JSON.stringify({ reason: 'account_deleted', was: row.was })],
      );
    }
    await tx.query('UPDATE pairing_sessions SET parent_b_email = NULL WHERE parent_b_id = $1', [
      userId,
    ]);
  },

  /** Record access the leaver granted (or held as a professional) ends now. */
  async revokeGrants(tx: Queryable, userId: number): Promise<void> {
    await tx.query(
      `UPDATE professional_grants SET revoked_at = now(), revoked_by = $1
        WHERE (invited_by = $1 OR professional_id = $1) AND revoked_at IS NULL`,
      [userId],
    );
  },

  /**
   * What others hold about the leaver, copied in by the system: the contact
   * pairing created for them (unlinked; name and address replaced when they
   * are still the leaver's), room names, notification titles.
   */
  async pseudonymiseCopies(
    tx: Queryable,
    leaver: Leaver,
    pseudonym: string,
    rooms: SharedRoom[],
  ): Promise<void> {
    await tx.query(
      `UPDATE contacts SET
          first_name = CASE WHEN first_name IN ($3, COALESCE($4, $3)) THEN $2 ELSE first_name END,
          last_name = CASE WHEN last_name = $5 THEN NULL ELSE last_name END,
          email = CASE WHEN email = $6 THEN NULL ELSE email END,
          linked_user_id = NULL, updated_at = now()
        WHERE linked_user_id = $1`,
      [leaver.id, pseudonym, leaver.displayName, leaver.firstName, leaver.lastName, leaver.email],
    );
    for (const room of rooms) {
      const renamed = room.name
        .split(' & ')
        .map((part) => (part === leaver.displayName ? pseudonym : part))
        .join(' & ');
      if (renamed !== room.name) {
        await tx.query('UPDATE rooms SET name = $2 WHERE id = $1', [room.roomId, renamed]);
      }
    }
    const others = [...new Set(rooms.flatMap((r) => r.remainingIds))];
    if (others.length === 0) return;
    const { rows } = await tx.query<{ id: number; title: string; body: string | null }>(
      `SELECT id, title, body FROM notifications
        WHERE user_id = ANY($1::int[]) AND (strpos(title, $2) > 0 OR strpos(body, $2) > 0)`,
      [others, leaver.displayName],
    );
    for (const row of rows) {
      await tx.query('UPDATE notifications SET title = $2, body = $3 WHERE id = $1', [
        row.id,
        replaceName(row.title, leaver.displayName, pseudonym).slice(0, 200),
        row.body === null ? null : replaceName(row.body, leaver.displayName, pseudonym),
      ]);
    }
  },

  /** Rate-limit counters keyed by the address (they would expire within the hour anyway). */
  async forgetCounters(tx: Queryable, email: string): Promise<void> {
    await tx.query('DELETE FROM rate_limits WHERE strpos(key, $1) > 0', [email]);
  },

  /** The account row becomes a tombstone: messages still reference it (NOT NULL sender). */
  async tombstone(tx: Queryable, userId: number, pseudonym: string): Promise<void> {
    await tx.query(
      `UPDATE users SET email = $2, display_name = $3, password_hash = NULL, google_id = NULL,
              first_name = NULL, last_name = NULL, email_verified_at = NULL, last_login_at = NULL,
              deleted_at = now(), updated_at = now()
        WHERE id = $1`,
      [userId, tombstoneEmail(userId), pseudonym],
    );
  },

  /** The leaver is no longer a member anywhere (their messages stay in the chain). */
  async leaveRooms(tx: Queryable, userId: number): Promise<void> {
    await tx.query('DELETE FROM room_members WHERE user_id = $1', [userId]);
  },
};
