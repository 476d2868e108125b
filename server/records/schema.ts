import { z } from 'zod';

const isoTime = z.iso.datetime({ offset: true });
const isoDate = z.iso.date();

/** A period bound: a date-time, or a date (from: its start; to: its end, UTC). */
const bound = (end: boolean) =>
  z
    .union([isoTime, isoDate])
    .transform((v) =>
      v.length === 10 ? new Date(`${v}T${end ? '23:59:59.999' : '00:00:00.000'}Z`) : new Date(v),
    );

/** `GET /api/rooms/:id/export`: format, optional period (by time and/or seq), Bates numbering. */
export const exportQuery = z
  .strictObject({
    format: z.enum(['json', 'pdf']).default('json'),
    from: bound(false).optional(),
    to: bound(true).optional(),
    fromSeq: z.coerce.number().int().min(1).optional(),
    toSeq: z.coerce.number().int().min(1).optional(),
    batesPrefix: z
      .string()
      .trim()
      .regex(/^[A-Z0-9][A-Z0-9_-]{0,15}$/, 'must be 1-16 capitals, digits, _ or -')
      .optional(),
    batesStart: z.coerce.number().int().min(1).max(999_999).default(1),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: 'from must not be after to',
    path: ['from'],
  })
  .refine((q) => !q.fromSeq || !q.toSeq || q.fromSeq <= q.toSeq, {
    message: 'fromSeq must not be after toSeq',
    path: ['fromSeq'],
  });

export const emptyQuery = z.strictObject({});
