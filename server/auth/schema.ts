import { z } from 'zod';
import { mailTokenSchema } from './mailTokens.js';

/** Emails are the identity: trimmed and lower-cased before anything else sees them. */
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: 'must be an email address' }));

const passwordSchema = z
  .string()
  .min(8, 'must be at least 8 characters')
  // bcrypt reads only the first 72 bytes; refuse longer ones rather than silently truncate.
  .refine((p) => Buffer.byteLength(p, 'utf8') <= 72, 'must be at most 72 bytes');

export const signupBody = z.strictObject({
  email: emailSchema,
  password: passwordSchema,
  displayName: z.string().trim().min(1).max(100),
});
export type SignupInput = z.infer<typeof signupBody>;

export const loginBody = z.strictObject({
  email: emailSchema,
  password: z.string().min(1).max(1024),
});
export type LoginInput = z.infer<typeof loginBody>;

export const verifyEmailBody = z.strictObject({ token: mailTokenSchema });

export const passwordResetBody = z.strictObject({ email: emailSchema });

export const passwordResetConfirmBody = z.strictObject({
  token: mailTokenSchema,
  password: passwordSchema,
});

export const passwordChangeBody = z.strictObject({
  currentPassword: z.string().min(1).max(1024),
  newPassword: passwordSchema,
});

/**
 * `GET /api/auth/google?next=`: where the browser lands after Google
 * sign-in (e.g. back on the account-deletion step after signing in again).
 * A path of this app only, never another origin ("//host", "/\host") and
 * never the API: no open redirect.
 */
export const googleStartQuery = z.object({
  next: z
    .string()
    .max(300)
    .regex(/^\/(?![/\\])[\x21-\x5b\x5d-\x7e]*$/, 'must be a path of this app')
    .refine((path) => !/^\/api(?:[/?#]|$)/.test(path), 'must be a page, not an API route')
    .optional(),
});
