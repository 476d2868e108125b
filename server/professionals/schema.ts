import { z } from 'zod';
import { emailSchema } from '../auth/schema.js';

export const PROFESSIONAL_ROLES = ['lawyer', 'mediator', 'guardian_ad_litem', 'other'] as const;

export const roomParams = z.strictObject({ id: z.uuid({ message: 'must be a room id' }) });
export const grantParams = z.strictObject({
  id: z.uuid({ message: 'must be a room id' }),
  // professional_grants.id is a PostgreSQL integer: a larger id is refused here
  // by name, not by the database after the room check (22003, a 500 before).
  grantId: z.coerce.number().int().min(1).max(2_147_483_647),
});

/** `POST /api/rooms/:id/professionals`: who, in what role, for how many days. */
export const inviteBody = z.strictObject({
  email: emailSchema,
  name: z.string().trim().min(1).max(100),
  role: z.enum(PROFESSIONAL_ROLES),
  days: z.number().int().min(1).max(730).default(30),
});
export type InviteBody = z.infer<typeof inviteBody>;

export const acceptBody = z.strictObject({
  token: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{43}$/, 'must be an invitation token'),
});

export const accessLogQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  beforeId: z.coerce.number().int().positive().optional(),
});

export const emptyQuery = z.strictObject({});
