import { z } from 'zod';
import { optionalText } from '../shared/validation.js';
import { emailSchema } from '../auth/schema.js';

/** The fixed list (migration 005's CHECK); anything else is 'other'. */
export const RELATIONSHIPS = [
  'child',
  'co-parent',
  'step-parent',
  'partner',
  'grandparent',
  'family',
  'caregiver',
  'teacher',
  'doctor',
  'lawyer',
  'mediator',
  'friend',
  'other',
] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];

const text = optionalText;

const birthdate = z.iso
  .date({ message: 'must be a date (YYYY-MM-DD)' })
  .refine((d) => d <= new Date().toISOString().slice(0, 10), 'must not be in the future')
  .nullable();

const fields = {
  firstName: z.string().trim().min(1).max(100),
  lastName: text(100),
  email: emailSchema.nullable(),
  relationship: z.enum(RELATIONSHIPS),
  phone: text(50),
  address: text(500),
  notes: text(5000),
  childBirthdate: birthdate,
  childSchool: text(200),
  childHealthNotes: text(5000),
};

/** `POST /api/contacts`: a first name; everything else optional. */
export const createContactBody = z.strictObject({
  firstName: fields.firstName,
  lastName: fields.lastName.optional(),
  email: fields.email.optional(),
  relationship: fields.relationship.default('other'),
  phone: fields.phone.optional(),
  address: fields.address.optional(),
  notes: fields.notes.optional(),
  childBirthdate: fields.childBirthdate.optional(),
  childSchool: fields.childSchool.optional(),
  childHealthNotes: fields.childHealthNotes.optional(),
});
export type CreateContactInput = z.infer<typeof createContactBody>;

/** `PATCH /api/contacts/:id`: any subset; null clears an optional field. */
export const updateContactBody = createContactBody
  .partial()
  .extend({ relationship: fields.relationship.optional() })
  .refine((v) => Object.keys(v).length > 0, 'must change at least one field');
export type UpdateContactInput = z.infer<typeof updateContactBody>;

export const contactParams = z.strictObject({
  id: z.coerce.number().int().min(1).max(2_147_483_647),
});

export const listContactsQuery = z.strictObject({
  relationship: z.enum(RELATIONSHIPS).optional(),
});
