import type { Queryable } from '../db/pool.js';

/** A record_signing_keys row. */
export interface SigningKeyRow {
  public_key: string;
  fingerprint: string;
  private_key_enc: string;
}

/** All SQL about the record-signing key. */
export function createSigningKeyRepository(db: Queryable) {
  return {
    async findActive(): Promise<SigningKeyRow | undefined> {
      const { rows } = await db.query<SigningKeyRow>(
        'SELECT public_key, fingerprint, private_key_enc FROM record_signing_keys WHERE is_active',
      );
      return rows[0];
    },

    /** Stores a new active key unless one exists already (another node won the race). */
    async insertIfNone(key: SigningKeyRow): Promise<void> {
      await db.query(
        `INSERT INTO record_signing_keys (public_key, fingerprint, private_key_enc)
         VALUES ($1, $2, $3) ON CONFLICT (is_active) WHERE is_active DO NOTHING`,
        [key.public_key, key.fingerprint, key.private_key_enc],
      );
    },
  };
}

export type SigningKeyRepository = ReturnType<typeof createSigningKeyRepository>;
