import type { Queryable } from '../db/pool.js';
import type { CreateContactInput, Relationship, UpdateContactInput } from './schema.js';

/**
 * A contact as the service hands it out: health notes in plaintext (dates of
 * birth read as YYYY-MM-DD text: no time zone drift).
 */
export interface ContactRow {
  id: number;
  user_id: number;
  first_name: string;
  last_name: string | null;
  email: string | null;
  relationship: Relationship;
  phone: string | null;
  address: string | null;
  notes: string | null;
  linked_user_id: number | null;
  child_birthdate: string | null;
  child_school: string | null;
  child_health_notes: string | null;
  created_at: Date;
  updated_at: Date;
}

/** A contacts row as stored: health notes as ciphertext (or legacy plaintext, see healthNotes.ts). */
export type StoredContactRow = ContactRow & { child_health_notes_enc: string | null };

const COLUMNS = `id, user_id, first_name, last_name, email, relationship, phone, address, notes,
  linked_user_id, child_birthdate::text AS child_birthdate, child_school, child_health_notes,
  child_health_notes_enc, created_at, updated_at`;

/**
 * API field -> column. Only these are ever interpolated into SQL. Health
 * notes arrive here already encrypted by the service.
 */
const WRITABLE: Record<keyof UpdateContactInput, string> = {
  firstName: 'first_name',
  lastName: 'last_name',
  email: 'email',
  relationship: 'relationship',
  phone: 'phone',
  address: 'address',
  notes: 'notes',
  childBirthdate: 'child_birthdate',
  childSchool: 'child_school',
  childHealthNotes: 'child_health_notes_enc',
};

/** Writing the ciphertext always clears the legacy plaintext beside it. */
const ALSO_SET: Partial<Record<keyof UpdateContactInput, string>> = {
  childHealthNotes: 'child_health_notes = NULL',
};

/** The user a co-parent contact points at. */
export interface LinkedPerson {
  id: number;
  email: string;
  firstName: string;
  lastName: string | null;
}

/** All SQL about contacts; every read and write is scoped to its owner. */
export function createContactRepository(db: Queryable) {
  return {
    async listForUser(userId: number, relationship?: Relationship): Promise<StoredContactRow[]> {
      const { rows } = await db.query<StoredContactRow>(
        `SELECT ${COLUMNS} FROM contacts
          WHERE user_id = $1 AND ($2::text IS NULL OR relationship = $2)
          ORDER BY lower(first_name), lower(coalesce(last_name, '')), id`,
        [userId, relationship ?? null],
      );
      return rows;
    },

    async findOwned(id: number, userId: number): Promise<StoredContactRow | undefined> {
      const { rows } = await db.query<StoredContactRow>(
        `SELECT ${COLUMNS} FROM contacts WHERE id = $1 AND user_id = $2`,
        [id, userId],
      );
      return rows[0];
    },

    async insert(userId: number, input: CreateContactInput): Promise<StoredContactRow> {
      const entries = Object.entries(input).filter(([, v]) => v !== undefined);
      const columns = entries.map(([k]) => WRITABLE[k as keyof UpdateContactInput]);
      const { rows } = await db.query<StoredContactRow>(
        `INSERT INTO contacts (user_id, ${columns.join(', ')})
         VALUES ($1, ${columns.map((_, i) => `$${i + 2}`).join(', ')})
         RETURNING ${COLUMNS}`,
        [userId, ...entries.map(([, v]) => v)],
      );
      return rows[0]!;
    },

    /** Applies the fields present in `patch`; undefined when not the owner's. */
    async update(
      id: number,
      userId: number,
      patch: UpdateContactInput,
    ): Promise<StoredContactRow | undefined> {
      const entries = Object.entries(patch).filter(([, v]) => v !== undefined);
      const sets = entries.flatMap(([k], i) => {
        const field = k as keyof UpdateContactInput;
        return [`${WRITABLE[field]} = $${i + 3}`, ...(ALSO_SET[field] ? [ALSO_SET[field]] : [])];
      });
      const { rows } = await db.query<StoredContactRow>(
        `UPDATE contacts SET ${[...sets, 'updated_at = now()'].join(', ')}
          WHERE id = $1 AND user_id = $2 RETURNING ${COLUMNS}`,
        [id, userId, ...entries.map(([, v]) => v)],
      );
      return rows[0];
    },

    async delete(id: number, userId: number): Promise<boolean> {
      const { rowCount } = await db.query('DELETE FROM contacts WHERE id = $1 AND user_id = $2', [
        id,
        userId,
      ]);
      return (rowCount ?? 0) > 0;
    },

    /**
     * Makes `other` a 'co-parent' contact of `userId`, linked to their account.
     * A contact already holding that email keeps the names the owner gave it.
     */
    async upsertCoParent(userId: number, other: LinkedPerson, tx: Queryable = db): Promise<void> {
      await tx.query(
        `INSERT INTO contacts (user_id, first_name, last_name, email, relationship, linked_user_id)
         VALUES ($1, $2, $3, $4, 'co-parent', $5)
         ON CONFLICT (user_id, email) WHERE email IS NOT NULL
         DO UPDATE SET relationship = 'co-parent', linked_user_id = EXCLUDED.linked_user_id,
                       updated_at = now()`,
        [userId, other.firstName, other.lastName, other.email, other.id],
      );
    },
  };
}

export type ContactRepository = ReturnType<typeof createContactRepository>;
