import { z } from 'zod';
import { optionalText } from '../shared/validation.js';
import { PROFILE_SECTIONS, type ProfileSection } from './sections.js';

/** Optional free text: trimmed; empty or absent means "not given" (null). */
const text = (max: number) => optionalText(max).optional();

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

const demographics = z.strictObject({
  preferredName: text(100),
  pronouns: text(50),
  birthdate: z.iso
    .date({ message: 'must be a date (YYYY-MM-DD)' })
    .refine((d) => d <= new Date().toISOString().slice(0, 10), 'must not be in the future')
    .nullable()
    .optional(),
  city: text(100),
  region: text(100),
  country: text(100),
  timezone: text(64).refine((tz) => tz == null || isTimeZone(tz), 'must be an IANA time zone'),
  languages: z.array(z.string().trim().min(1).max(50)).max(20).optional(),
});

const employment = z.strictObject({
  employmentStatus: z
    .enum(['employed', 'self_employed', 'unemployed', 'student', 'retired', 'other'])
    .nullable()
    .optional(),
  occupation: text(200),
  workSchedule: text(1000),
  scheduleFlexibility: z.enum(['none', 'low', 'medium', 'high']).nullable().optional(),
  commuteMinutes: z.number().int().min(0).max(1440).nullable().optional(),
});

const health = z.strictObject({
  physicalConditions: text(5000),
  mentalHealth: text(5000),
  treatment: text(5000),
  substanceRecovery: text(5000),
  notes: text(5000),
});

const financials = z.strictObject({
  incomeRange: text(100),
  housing: text(1000),
  debt: text(1000),
  childSupport: text(1000),
  notes: text(5000),
});

const background = z.strictObject({
  educationLevel: z
    .enum(['none', 'secondary', 'vocational', 'bachelor', 'master', 'doctorate', 'other'])
    .nullable()
    .optional(),
  culturalBackground: text(500),
  religion: text(200),
  parentingValues: text(5000),
  hobbies: text(2000),
});

/**
 * `PUT /api/profile/:section` bodies. PUT replaces the section: a field left
 * out is stored as null (languages as an empty list).
 */
export const sectionBodies = {
  demographics,
  employment,
  health,
  financials,
  background,
} satisfies Record<ProfileSection, z.ZodType>;

export type SectionInput = Record<string, string | number | string[] | null | undefined>;

/** `:section` must name a section; anything else is an unknown resource (404). */
export const sectionParam = z.strictObject({ section: z.enum(PROFILE_SECTIONS) });

/** The profile routes take no query: there is no way to name another user. */
export const profileQuery = z.strictObject({});
