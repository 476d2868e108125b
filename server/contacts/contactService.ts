import type { FieldCipher } from '../shared/crypto.js';
import { conflict, notFound, toAppError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import type { Queryable } from '../db/pool.js';
import type { ContactRepository, ContactRow, StoredContactRow } from './contactRepository.js';
import { healthNotesContext, openHealthNotes, sealLegacyHealthNotes } from './healthNotes.js';
import type { CreateContactInput, Relationship, UpdateContactInput } from './schema.js';

const DUPLICATE_EMAIL = 'You already have a contact with that email';

/** A unique (user_id, email) violation becomes a conflict that says so. */
function explainDuplicate(err: unknown): never {
  const appError = toAppError(err);
  const constraint = (appError.details as { constraint?: string } | undefined)?.constraint;
  if (appError.code === 'conflict' && constraint === 'contacts_user_email_key') {
    throw conflict(DUPLICATE_EMAIL, { field: 'email' });
  }
  throw err;
}

/**
 * Contacts: only their owner reads or writes them; anyone else gets
 * not_found. Child health notes are encrypted before the repository sees
 * them and decrypted after (healthNotes.ts).
 */
export function createContactService(deps: {
  contacts: ContactRepository;
  cipher: FieldCipher;
  db: Queryable;
  logger: Logger;
}) {
  const { contacts, cipher } = deps;

  const open = (row: StoredContactRow): ContactRow => {
    const plain: ContactRow & { child_health_notes_enc?: string | null } = {
      ...row,
      child_health_notes: openHealthNotes(row, cipher),
    };
    delete plain.child_health_notes_enc;
    return plain;
  };

  /** The input with its health notes (if any) replaced by their ciphertext. */
  function seal<T extends { childHealthNotes?: string | null }>(userId: number, input: T): T {
    if (typeof input.childHealthNotes !== 'string') return input;
    return {
      ...input,
      childHealthNotes: cipher.encrypt(input.childHealthNotes, healthNotesContext(userId)),
    };
  }

  return {
    async list(userId: number, relationship?: Relationship): Promise<ContactRow[]> {
      return (await contacts.listForUser(userId, relationship)).map(open);
    },

    async get(userId: number, id: number): Promise<ContactRow> {
      const row = await contacts.findOwned(id, userId);
      if (!row) throw notFound('Contact');
      return open(row);
    },

    async create(userId: number, input: CreateContactInput): Promise<ContactRow> {
      return open(await contacts.insert(userId, seal(userId, input)).catch(explainDuplicate));
    },

    async update(userId: number, id: number, patch: UpdateContactInput): Promise<ContactRow> {
      const row = await contacts.update(id, userId, seal(userId, patch)).catch(explainDuplicate);
      if (!row) throw notFound('Contact');
      return open(row);
    },

    async remove(userId: number, id: number): Promise<void> {
      if (!(await contacts.delete(id, userId))) throw notFound('Contact');
    },

    /** Encrypts plaintext notes left from before migration 014 (run at start). */
    sealLegacy(): Promise<number> {
      return sealLegacyHealthNotes(deps.db, cipher, deps.logger);
    },
  };
}

export type ContactService = ReturnType<typeof createContactService>;
