import { z } from 'zod';
import { emailSchema } from '../auth/schema.js';
import { PAIRING_CODE_PATTERN } from './codes.js';

/** `POST /api/pairings`: an optional invitee email binds the invitation to that address. */
export const createPairingBody = z.strictObject({ email: emailSchema.optional() });

/**
 * What people type: "lz-123456", "LZ 123 456", "123456" all mean LZ-123456.
 * Anything else is refused before it reaches the database.
 */
const codeSchema = z
  .string()
  .max(32)
  .transform((raw) => {
    const compact = raw.toUpperCase().replace(/[\s-]/g, '');
    const digits = /^(?:LZ)?([0-9]{6})$/.exec(compact)?.[1];
    return digits ? `LZ-${digits}` : compact;
  })
  .pipe(z.string().regex(PAIRING_CODE_PATTERN, 'must look like LZ-123456'));

/** An invite token: 32 bytes, base64url (43 characters). */
const tokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'is not an invite token');

/** `POST /api/pairings/accept`: exactly one of `code` or `token`. */
export const acceptPairingBody = z
  .strictObject({ code: codeSchema.optional(), token: tokenSchema.optional() })
  .refine((v) => (v.code === undefined) !== (v.token === undefined), {
    message: 'give either code or token',
  });

export type AcceptInput = { code: string } | { token: string };

/** Turns the parsed body into the one form the service takes. */
export function toAcceptInput(body: z.infer<typeof acceptPairingBody>): AcceptInput {
  return body.code !== undefined ? { code: body.code } : { token: body.token! };
}

export const pairingParams = z.strictObject({
  id: z.coerce.number().int().min(1).max(2_147_483_647),
});

export const currentPairingQuery = z.strictObject({});
