/**
 * Server-side check of a VAPID `Authorization` header (RFC 8292), written
 * against node crypto rather than web-push so the double does not trust the
 * very code it is testing.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { parseJsonObject } from './http.js';

/** The JWT claims RFC 8292 requires. */
export interface VapidClaims {
  aud: string;
  exp: number;
  sub: string;
}

/** Result of a check: the sender's key and claims, or why it was refused. */
export type VapidCheck =
  { ok: true; publicKey: string; claims: VapidClaims } | { ok: false; reason: string };

/** RFC 8292 §2: a token must not expire more than 24 hours ahead. */
const MAX_LIFETIME_SECONDS = 24 * 60 * 60;
/** Tolerance for clock skew between sender and this double. */
const SKEW_SECONDS = 60;

/** Turns an uncompressed P-256 point (0x04‖X‖Y, 65 bytes) into a KeyObject. */
export function p256PublicKeyFromRaw(raw: Buffer): KeyObject {
  if (raw.length !== 65 || raw[0] !== 0x04) throw new Error('not an uncompressed P-256 point');
  return createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: raw.subarray(1, 33).toString('base64url'),
      y: raw.subarray(33, 65).toString('base64url'),
    },
    format: 'jwk',
  });
}

/** Splits `vapid t=…, k=…` into its parameters. */
function parseVapidHeader(header: string): { t?: string; k?: string } | null {
  const match = /^vapid\s+(.+)$/i.exec(header.trim());
  if (!match?.[1]) return null;
  const params: Record<string, string> = {};
  for (const part of match[1].split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) params[part.slice(0, eq).trim().toLowerCase()] = part.slice(eq + 1).trim();
  }
  return { t: params['t'], k: params['k'] };
}

/**
 * Verifies the header's ES256 JWT against its own `k` key and checks the
 * claims: `aud` is the push service origin, `exp` is in the future (and at
 * most 24 h away), `sub` is a mailto: or https: contact.
 */
export function verifyVapidAuthorization(
  header: string | undefined,
  expectedAudience: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): VapidCheck {
  if (!header) return { ok: false, reason: 'missing Authorization header' };
  const params = parseVapidHeader(header);
  if (!params?.t || !params.k) return { ok: false, reason: 'not a "vapid t=…, k=…" header' };

  const [encodedHeader, encodedPayload, encodedSignature] = params.t.split('.');
  if (!encodedHeader || !encodedPayload || !encodedSignature)
    return { ok: false, reason: 'malformed JWT' };
  const jwtHeader = parseJsonObject(Buffer.from(encodedHeader, 'base64url').toString('utf8'));
  if (jwtHeader?.['alg'] !== 'ES256') return { ok: false, reason: 'JWT alg must be ES256' };

  let key: KeyObject;
  try {
    key = p256PublicKeyFromRaw(Buffer.from(params.k, 'base64url'));
  } catch {
    return { ok: false, reason: 'k is not a P-256 public key' };
  }
  // JWS ES256 signatures are raw r‖s (64 bytes), not DER, hence ieee-p1363.
  const signature = Buffer.from(encodedSignature, 'base64url');
  const signed = Buffer.from(`${encodedHeader}.${encodedPayload}`, 'ascii');
  if (!verify('sha256', signed, { key, dsaEncoding: 'ieee-p1363' }, signature)) {
    return { ok: false, reason: 'JWT signature does not match k' };
  }

  const claims = parseJsonObject(Buffer.from(encodedPayload, 'base64url').toString('utf8'));
  const { aud, exp, sub } = claims ?? {};
  if (aud !== expectedAudience)
    return { ok: false, reason: `aud ${String(aud)} is not ${expectedAudience}` };
  if (typeof exp !== 'number' || exp <= nowSeconds - SKEW_SECONDS)
    return { ok: false, reason: 'JWT expired' };
  if (exp > nowSeconds + MAX_LIFETIME_SECONDS + SKEW_SECONDS)
    return { ok: false, reason: 'exp over 24 h ahead' };
  if (typeof sub !== 'string' || !/^(mailto:|https:)/.test(sub)) {
    return { ok: false, reason: 'sub must be a mailto: or https: URI' };
  }
  return { ok: true, publicKey: params.k, claims: { aud, exp, sub } };
}
