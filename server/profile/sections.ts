/**
 * The profile sections and how each API field maps to its table column.
 * Column and table names here are the only identifiers the repository
 * interpolates into SQL; nothing from a request ever is.
 */
export const PROFILE_SECTIONS = [
  'demographics',
  'employment',
  'health',
  'financials',
  'background',
] as const;
export type ProfileSection = (typeof PROFILE_SECTIONS)[number];

export type FieldKind = 'text' | 'date' | 'integer' | 'textArray';

export interface FieldSpec {
  column: string;
  kind: FieldKind;
  /** Stored as AES-256-GCM ciphertext in a `*_enc` column. */
  encrypted: boolean;
}

export interface SectionSpec {
  table: string;
  fields: Record<string, FieldSpec>;
}

const plain = (column: string, kind: FieldKind = 'text'): FieldSpec => ({
  column,
  kind,
  encrypted: false,
});
const sealed = (column: string): FieldSpec => ({ column, kind: 'text', encrypted: true });

export const SECTIONS: Record<ProfileSection, SectionSpec> = {
  demographics: {
    table: 'user_demographics',
    fields: {
      preferredName: plain('preferred_name'),
      pronouns: plain('pronouns'),
      birthdate: plain('birthdate', 'date'),
      city: plain('city'),
      region: plain('region'),
      country: plain('country'),
      timezone: plain('timezone'),
      languages: plain('languages', 'textArray'),
    },
  },
  employment: {
    table: 'user_employment',
    fields: {
      employmentStatus: plain('employment_status'),
      occupation: plain('occupation'),
      workSchedule: plain('work_schedule'),
      scheduleFlexibility: plain('schedule_flexibility'),
      commuteMinutes: plain('commute_minutes', 'integer'),
    },
  },
  // Health and financial context: the most sensitive data kept, never plaintext at rest.
  health: {
    table: 'user_health_context',
    fields: {
      physicalConditions: sealed('physical_conditions_enc'),
      mentalHealth: sealed('mental_health_enc'),
      treatment: sealed('treatment_enc'),
      substanceRecovery: sealed('substance_recovery_enc'),
      notes: sealed('notes_enc'),
    },
  },
  financials: {
    table: 'user_financials',
    fields: {
      incomeRange: sealed('income_range_enc'),
      housing: sealed('housing_enc'),
      debt: sealed('debt_enc'),
      childSupport: sealed('child_support_enc'),
      notes: sealed('notes_enc'),
    },
  },
  background: {
    table: 'user_background',
    fields: {
      educationLevel: plain('education_level'),
      culturalBackground: plain('cultural_background'),
      religion: plain('religion'),
      parentingValues: plain('parenting_values'),
      hobbies: plain('hobbies'),
    },
  },
};

/** The additional authenticated data of one encrypted cell: its table, column and owner. */
export function cellContext(spec: SectionSpec, field: FieldSpec, userId: number): string {
  return `${spec.table}.${field.column}:${userId}`;
}
