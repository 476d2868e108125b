import type { Queryable } from '../db/pool.js';
import { SECTIONS, type FieldSpec, type ProfileSection } from './sections.js';

/** A stored cell: plaintext, ciphertext (for encrypted fields), or nothing. */
export type StoredValue = string | number | string[] | null;

/** One section row as stored: column -> value, plus when it last changed. */
export interface SectionRow {
  values: Record<string, StoredValue>;
  updated_at: Date;
}

// Dates come back as YYYY-MM-DD text: no time zone shifts a birthday.
const selectExpr = (f: FieldSpec) => (f.kind === 'date' ? `${f.column}::text` : f.column);

function readRow(section: ProfileSection, row: Record<string, unknown>): SectionRow {
  const values: Record<string, StoredValue> = {};
  for (const field of Object.values(SECTIONS[section].fields)) {
    values[field.column] = (row[field.column] ?? null) as StoredValue;
  }
  return { values, updated_at: row.updated_at as Date };
}

/** All SQL about the profile tables; a user's row is keyed by their id, nothing else. */
export function createProfileRepository(db: Queryable) {
  return {
    async find(section: ProfileSection, userId: number): Promise<SectionRow | undefined> {
      const spec = SECTIONS[section];
      const fields = Object.values(spec.fields);
      const { rows } = await db.query(
        `SELECT ${fields.map((f) => `${selectExpr(f)} AS ${f.column}`).join(', ')}, updated_at
           FROM ${spec.table} WHERE user_id = $1`,
        [userId],
      );
      return rows[0] && readRow(section, rows[0]);
    },

    /** Replaces the section's row (created on first write); `values` is column -> stored value. */
    async replace(
      section: ProfileSection,
      userId: number,
      values: Record<string, StoredValue>,
    ): Promise<SectionRow> {
      const spec = SECTIONS[section];
      const fields = Object.values(spec.fields);
      const columns = fields.map((f) => f.column);
      const { rows } = await db.query(
        `INSERT INTO ${spec.table} (user_id, ${columns.join(', ')})
         VALUES ($1, ${columns.map((_, i) => `$${i + 2}`).join(', ')})
         ON CONFLICT (user_id) DO UPDATE SET
           ${columns.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}, updated_at = now()
         RETURNING ${fields.map((f) => `${selectExpr(f)} AS ${f.column}`).join(', ')}, updated_at`,
        [userId, ...columns.map((c) => values[c] ?? null)],
      );
      return readRow(section, rows[0]!);
    },
  };
}

export type ProfileRepository = ReturnType<typeof createProfileRepository>;
