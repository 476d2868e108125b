import { z } from 'zod';

/**
 * `DELETE /api/account`: the current password for an account that has one;
 * an account without one (Google only) must have signed in recently instead.
 */
export const deleteAccountBody = z.strictObject({
  password: z.string().min(1).max(1024).optional(),
});
export type DeleteAccountInput = z.infer<typeof deleteAccountBody>;

/** `GET /api/account/export` takes no query. */
export const exportAccountQuery = z.strictObject({});
