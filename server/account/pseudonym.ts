import { createHash } from 'node:crypto';

/**
 * The name a deleted account carries in the shared record: "Former member"
 * and four hex digits derived from the account id, so it is the same in the
 * history, every export and every PDF, before and after a restart, and two
 * former members of one room are told apart. It says nothing about the
 * person (the id is already in every message the co-parent holds).
 */
export function formerMemberName(userId: number): string {
  const tag = createHash('sha256').update(`parley:former-member:${userId}`).digest('hex');
  return `Former member ${tag.slice(0, 4)}`;
}

/** The address a tombstone keeps (users.email is NOT NULL and unique; `.invalid` never delivers). */
export const tombstoneEmail = (userId: number) => `deleted-${userId}@deleted.invalid`;

/** `text` with every whole-word occurrence of `name` replaced by `by`. */
export function replaceName(text: string, name: string, by: string): string {
  if (!name.trim()) return text;
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'gu'), by);
}
