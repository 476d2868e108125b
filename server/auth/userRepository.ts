import type { Queryable } from '../db/pool.js';

/** A users row as the services see it. */
export interface UserRow {
  id: number;
  email: string;
  password_hash: string | null;
  google_id: string | null;
  first_name: string | null;
  last_name: string | null;
  display_name: string;
  created_at: Date;
  last_login_at: Date | null;
  /** When the address was proven (mailed link, or Google's word); null: not yet. */
  email_verified_at: Date | null;
}

export interface NewUser {
  email: string;
  passwordHash: string | null;
  googleId: string | null;
  displayName: string;
  firstName?: string | null;
  lastName?: string | null;
  /** Google vouched for the address: verified from the start. */
  emailVerified?: boolean;
}

const COLUMNS =
  'id, email, password_hash, google_id, first_name, last_name, display_name, created_at, last_login_at, email_verified_at';

/** All SQL about users. */
export function createUserRepository(db: Queryable) {
  return {
    async findById(id: number): Promise<UserRow | undefined> {
      const { rows } = await db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [id]);
      return rows[0];
    },

    /**
     * `email` must already be normalised (schema.ts does it). A deleted
     * account's tombstone is never found by address: nobody signs in to it,
     * resets its password or links Google into it.
     */
    async findByEmail(email: string): Promise<UserRow | undefined> {
      const { rows } = await db.query<UserRow>(
        `SELECT ${COLUMNS} FROM users WHERE email = $1 AND deleted_at IS NULL`,
        [email],
      );
      return rows[0];
    },

    async findByGoogleId(googleId: string): Promise<UserRow | undefined> {
      const { rows } = await db.query<UserRow>(
        `SELECT ${COLUMNS} FROM users WHERE google_id = $1 AND deleted_at IS NULL`,
        [googleId],
      );
      return rows[0];
    },

    /** Inserts a user; a duplicate email surfaces as a unique violation (-> conflict). */
    async insert(user: NewUser): Promise<UserRow> {
      const { rows } = await db.query<UserRow>(
        `INSERT INTO users (email, password_hash, google_id, display_name, first_name, last_name,
                            email_verified_at)
         VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $7 THEN now() END) RETURNING ${COLUMNS}`,
        [
          user.email,
          user.passwordHash,
          user.googleId,
          user.displayName,
          user.firstName ?? null,
          user.lastName ?? null,
          user.emailVerified ?? false,
        ],
      );
      return rows[0]!;
    },

    async linkGoogle(userId: number, googleId: string): Promise<UserRow> {
      const { rows } = await db.query<UserRow>(
        `UPDATE users SET google_id = $2, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
        [userId, googleId],
      );
      return rows[0]!;
    },

    async markEmailVerified(userId: number): Promise<UserRow> {
      const { rows } = await db.query<UserRow>(
        `UPDATE users SET email_verified_at = COALESCE(email_verified_at, now()), updated_at = now()
          WHERE id = $1 RETURNING ${COLUMNS}`,
        [userId],
      );
      return rows[0]!;
    },

    async setPassword(userId: number, passwordHash: string): Promise<void> {
      await db.query('UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1', [
        userId,
        passwordHash,
      ]);
    },

    async touchLogin(userId: number): Promise<void> {
      await db.query('UPDATE users SET last_login_at = now() WHERE id = $1', [userId]);
    },
  };
}

export type UserRepository = ReturnType<typeof createUserRepository>;
