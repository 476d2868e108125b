import type { ContactRow } from './contactRepository.js';
import type { Relationship } from './schema.js';

/** A contact as its owner sees it. */
export interface ContactView {
  id: number;
  firstName: string;
  lastName: string | null;
  email: string | null;
  relationship: Relationship;
  phone: string | null;
  address: string | null;
  notes: string | null;
  /** Set by pairing for a co-parent with an account; not writable over the API. */
  linkedUserId: number | null;
  childBirthdate: string | null;
  childSchool: string | null;
  childHealthNotes: string | null;
  createdAt: string;
  updatedAt: string;
}

export function presentContact(row: ContactRow): ContactView {
  return {
    id: row.id,
    firstName: row.first_name,
    lastName: row.last_name,
    email: row.email,
    relationship: row.relationship,
    phone: row.phone,
    address: row.address,
    notes: row.notes,
    linkedUserId: row.linked_user_id,
    childBirthdate: row.child_birthdate,
    childSchool: row.child_school,
    childHealthNotes: row.child_health_notes,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
