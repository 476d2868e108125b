import { z } from 'zod';

export const MAX_TEXT = 4000;

export const roomId = z.uuid({ message: 'must be a room id' });
const clientId = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[\w.:-]+$/, 'letters, digits, and . _ : - only');
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Message text: 1..4000 characters after trimming. Lone UTF-16 surrogates
 * become U+FFFD first: PostgreSQL would store them so, and the chain hash must
 * cover exactly what is stored, or the room's record would read as tampered.
 */
export const messageText = z
  .string()
  .transform((s) => s.replace(LONE_SURROGATE, '\uFFFD'))
  .pipe(z.string().trim().min(1, 'must not be empty').max(MAX_TEXT));
const seq = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const sendPayload = z.strictObject({
  roomId,
  clientId,
  text: messageText,
  threadId: z.uuid().optional(),
});
export type SendPayload = z.infer<typeof sendPayload>;

export const correctPayload = z.strictObject({
  messageId: z.number().int().positive(),
  clientId,
  text: messageText,
});

export const syncPayload = z.strictObject({ roomId, afterSeq: seq });

export const historyPayload = z.strictObject({
  roomId,
  beforeSeq: seq.optional(),
  limit: z.number().int().min(1).max(200).optional(),
});

export const readPayload = z.strictObject({ roomId, seq });
export const typingPayload = z.strictObject({ roomId, typing: z.boolean() });

export const roomParams = z.strictObject({ id: roomId });

export const historyQuery = z.strictObject({
  beforeSeq: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

export const searchQuery = z.strictObject({
  q: z.string().trim().min(1).max(200),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(10_000).default(0),
});
