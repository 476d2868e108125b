import { createPublicKey } from 'node:crypto';
import { z } from 'zod';

const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;

/** base64url text decoding to exactly `bytes` bytes (browsers omit the padding). */
const base64urlBytes = (bytes: number, what: string) =>
  z
    .string()
    .max(200)
    .regex(BASE64URL, 'must be base64url')
    .refine((v) => Buffer.from(v, 'base64url').length === bytes, `must be ${what}`);

/** Whether 65 raw bytes are an uncompressed point on P-256 (0x04‖X‖Y). */
function isP256Point(raw: Buffer): boolean {
  if (raw.length !== 65 || raw[0] !== 0x04) return false;
  try {
    createPublicKey({
      key: {
        kty: 'EC',
        crv: 'P-256',
        x: raw.subarray(1, 33).toString('base64url'),
        y: raw.subarray(33).toString('base64url'),
      },
      format: 'jwk',
    });
    return true;
  } catch {
    return false;
  }
}

const p256dh = base64urlBytes(65, 'a 65-byte uncompressed P-256 public key').refine(
  (v) => isP256Point(Buffer.from(v, 'base64url')),
  'must be a point on P-256',
);

const endpoint = z.url({ protocol: /^https$/, message: 'must be an https URL' }).max(2048);

/**
 * `POST /api/push/subscriptions`: what the browser's `PushSubscription.toJSON()`
 * returns, plus the opt-in to see message text on the lock screen.
 */
export const subscribeBody = z.strictObject({
  endpoint,
  expirationTime: z.number().nullable().optional(),
  keys: z.strictObject({ p256dh, auth: base64urlBytes(16, '16 bytes') }),
  includeText: z.boolean().default(false),
});
export type SubscribeInput = z.infer<typeof subscribeBody>;

/** `DELETE /api/push/subscriptions` */
export const unsubscribeBody = z.strictObject({ endpoint });

/** Payload of an outbox 'push' row: one notice for one subscription. */
export const pushJobSchema = z.strictObject({
  subscriptionId: z.number().int().positive(),
  title: z.string().min(1).max(200),
  url: z.string().startsWith('/').max(300),
  /** Pushes with the same topic replace each other while undelivered (RFC 8030 §5.4). */
  topic: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,32}$/)
    .optional(),
  /** The message whose text an opted-in subscription shows. */
  messageId: z.number().int().positive().optional(),
  /** The notification whose body an opted-in subscription shows. */
  notificationId: z.number().int().positive().optional(),
});
export type PushJob = z.infer<typeof pushJobSchema>;
