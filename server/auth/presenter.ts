import type { UserRow } from './userRepository.js';

/** The user as the API shows it to themself. */
export interface UserView {
  id: number;
  email: string;
  displayName: string;
  firstName: string | null;
  lastName: string | null;
  hasPassword: boolean;
  hasGoogle: boolean;
  /** The address was proven (a mailed link followed, or Google vouched for it). */
  emailVerified: boolean;
  createdAt: string;
}

export function presentUser(row: UserRow): UserView {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    firstName: row.first_name,
    lastName: row.last_name,
    hasPassword: row.password_hash !== null,
    hasGoogle: row.google_id !== null,
    emailVerified: row.email_verified_at !== null,
    createdAt: row.created_at.toISOString(),
  };
}
