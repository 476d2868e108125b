import { z } from 'zod';
import { TOPICS } from '../mediation/types.js';

/** `/api/rooms/:id/threads`. */
export const roomParams = z.strictObject({ id: z.uuid({ message: 'must be a room id' }) });

/** `/api/threads/:id`. */
export const threadParams = z.strictObject({ id: z.uuid({ message: 'must be a thread id' }) });

/** `?archived=true|false` filters; absent lists every thread. */
export const listThreadsQuery = z.strictObject({
  archived: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

/** `PATCH /api/threads/:id`: rename, re-categorise, nest (null un-nests), archive. */
export const updateThreadBody = z
  .strictObject({
    title: z.string().trim().min(1).max(200).optional(),
    category: z.enum(TOPICS).optional(),
    parentThreadId: z.uuid().nullable().optional(),
    isArchived: z.boolean().optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), {
    message: 'name at least one of title, category, parentThreadId, isArchived',
  });
export type UpdateThreadBody = z.infer<typeof updateThreadBody>;
