import { conflict, notFound, toAppError } from '../shared/errors.js';
import type { ContactRepository, ContactRow } from './contactRepository.js';
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

/** Contacts: only their owner reads or writes them; anyone else gets not_found. */
export function createContactService(deps: { contacts: ContactRepository }) {
  const { contacts } = deps;
  return {
    list(userId: number, relationship?: Relationship): Promise<ContactRow[]> {
      return contacts.listForUser(userId, relationship);
    },

    async get(userId: number, id: number): Promise<ContactRow> {
      const row = await contacts.findOwned(id, userId);
      if (!row) throw notFound('Contact');
      return row;
    },

    async create(userId: number, input: CreateContactInput): Promise<ContactRow> {
      return contacts.insert(userId, input).catch(explainDuplicate);
    },

    async update(userId: number, id: number, patch: UpdateContactInput): Promise<ContactRow> {
      const row = await contacts.update(id, userId, patch).catch(explainDuplicate);
      if (!row) throw notFound('Contact');
      return row;
    },

    async remove(userId: number, id: number): Promise<void> {
      if (!(await contacts.delete(id, userId))) throw notFound('Contact');
    },
  };
}

export type ContactService = ReturnType<typeof createContactService>;
