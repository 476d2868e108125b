import type { FieldCipher } from '../shared/crypto.js';
import type { ProfileRepository, SectionRow, StoredValue } from './profileRepository.js';
import type { SectionInput } from './schema.js';
import { cellContext, SECTIONS, type ProfileSection } from './sections.js';

/** One section as its owner sees it: API field -> plaintext value. */
export interface SectionData {
  fields: Record<string, StoredValue>;
  updatedAt: Date | null;
}

/**
 * Private profile sections, self only: every call takes the caller's own id,
 * so there is no way to address someone else's. Health and financial fields
 * are encrypted before they reach the repository and decrypted after.
 */
export function createProfileService(deps: { profiles: ProfileRepository; cipher: FieldCipher }) {
  const { profiles, cipher } = deps;

  function open(section: ProfileSection, userId: number, row: SectionRow | undefined): SectionData {
    const spec = SECTIONS[section];
    const fields: Record<string, StoredValue> = {};
    for (const [name, field] of Object.entries(spec.fields)) {
      const stored = row?.values[field.column] ?? null;
      fields[name] =
        field.encrypted && typeof stored === 'string'
          ? cipher.decrypt(stored, cellContext(spec, field, userId))
          : (stored ?? (field.kind === 'textArray' ? [] : null));
    }
    return { fields, updatedAt: row?.updated_at ?? null };
  }

  return {
    async get(userId: number, section: ProfileSection): Promise<SectionData> {
      return open(section, userId, await profiles.find(section, userId));
    },

    /** Replaces the section: fields left out become empty. */
    async replace(
      userId: number,
      section: ProfileSection,
      input: SectionInput,
    ): Promise<SectionData> {
      const spec = SECTIONS[section];
      const values: Record<string, StoredValue> = {};
      for (const [name, field] of Object.entries(spec.fields)) {
        const value = input[name] ?? (field.kind === 'textArray' ? [] : null);
        values[field.column] =
          field.encrypted && typeof value === 'string'
            ? cipher.encrypt(value, cellContext(spec, field, userId))
            : value;
      }
      return open(section, userId, await profiles.replace(section, userId, values));
    },
  };
}

export type ProfileService = ReturnType<typeof createProfileService>;
