import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** `LZ-` and six digits: what a parent reads out or types on a phone. */
export const PAIRING_CODE_PATTERN = /^LZ-[0-9]{6}$/;

/** A pairing code from the CSPRNG, uniform over LZ-000000..LZ-999999. */
export function generatePairingCode(): string {
  return `LZ-${randomInt(0, 1_000_000).toString().padStart(6, '0')}`;
}

/** A 32-byte invite token, base64url: it travels in the invite link only. */
export function generateInviteToken(): string {
  return randomBytes(32).toString('base64url');
}

/** SHA-256 hex of a token: the only form of it the database ever holds. */
export function hashInviteToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Constant-time string equality. Both sides are hashed first so that inputs
 * of different lengths neither throw nor leak their length through timing.
 */
export function safeEqual(a: string, b: string): boolean {
  const da = createHash('sha256').update(a, 'utf8').digest();
  const db = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(da, db);
}
