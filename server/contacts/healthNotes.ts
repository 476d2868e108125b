import type { Queryable } from '../db/pool.js';
import type { FieldCipher } from '../shared/crypto.js';
import type { Logger } from '../shared/logger.js';

/**
 * Child health notes are encrypted at rest (migration 014) with the field
 * cipher, bound to their owner: a ciphertext copied to another user's
 * contact no longer decrypts.
 */
export const healthNotesContext = (ownerId: number) => `contacts.child_health_notes:${ownerId}`;

/** What a stored contact carries for its health notes. */
export interface StoredHealthNotes {
  user_id: number;
  /** Legacy plaintext, present only until sealed at start. */
  child_health_notes: string | null;
  child_health_notes_enc: string | null;
}

/** The plaintext of a stored row's notes (ciphertext, or legacy plaintext not yet sealed). */
export function openHealthNotes(row: StoredHealthNotes, cipher: FieldCipher): string | null {
  if (row.child_health_notes_enc !== null)
    return cipher.decrypt(row.child_health_notes_enc, healthNotesContext(row.user_id));
  return row.child_health_notes;
}

const BATCH = 500;

/**
 * Moves every plaintext note left from before migration 014 (or written by a
 * node still running older code during a rolling deploy) into the encrypted
 * column. Idempotent and safe on several nodes at once: each row is updated
 * only while its plaintext is still the value that was encrypted.
 */
export async function sealLegacyHealthNotes(
  db: Queryable,
  cipher: FieldCipher,
  logger: Logger,
): Promise<number> {
  let sealed = 0;
  for (;;) {
    const { rows } = await db.query<{ id: number; user_id: number; child_health_notes: string }>(
      `SELECT id, user_id, child_health_notes FROM contacts
        WHERE child_health_notes IS NOT NULL ORDER BY id LIMIT ${BATCH}`,
    );
    if (rows.length === 0) break;
    for (const row of rows) {
      const { rowCount } = await db.query(
        `UPDATE contacts SET child_health_notes_enc = $3, child_health_notes = NULL
          WHERE id = $1 AND child_health_notes = $2`,
        [
          row.id,
          row.child_health_notes,
          cipher.encrypt(row.child_health_notes, healthNotesContext(row.user_id)),
        ],
      );
      sealed += rowCount ?? 0;
    }
  }
  if (sealed > 0) logger.info({ sealed }, 'child health notes encrypted at rest');
  return sealed;
}
