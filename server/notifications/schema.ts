import { z } from 'zod';

/** Notification types (migration 006's CHECK). */
export const NOTIFICATION_TYPES = [
  'message',
  'pairing_accepted',
  'task_assigned',
  'task_completed',
  'intervention_unresolved',
  'system',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

export const RELATED_TYPES = ['room', 'message', 'pairing', 'task', 'intervention'] as const;
export type RelatedType = (typeof RELATED_TYPES)[number];

/**
 * A notification to create. Also the payload of an outbox 'notification'
 * row, hence a schema: rows are parsed again when the worker reads them.
 */
export const newNotificationSchema = z.strictObject({
  userId: z.number().int().positive(),
  type: z.enum(NOTIFICATION_TYPES),
  title: z.string().trim().min(1).max(200),
  body: z.string().max(2000).nullable().optional(),
  relatedId: z.string().max(100).nullable().optional(),
  relatedType: z.enum(RELATED_TYPES).nullable().optional(),
  /** Where a web push for it opens; without it the notification is in-app only. */
  pushUrl: z
    .string()
    .regex(/^\/[\w\-/?=&.]*$/)
    .max(300)
    .optional(),
});
export type NewNotification = z.infer<typeof newNotificationSchema>;

/** `GET /api/notifications?unread=1&limit=&beforeId=` */
export const listNotificationsQuery = z.strictObject({
  unread: z
    .enum(['1', '0', 'true', 'false'])
    .optional()
    .transform((v) => v === '1' || v === 'true'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  beforeId: z.coerce.number().int().min(1).max(2_147_483_647).optional(),
});

export const notificationParams = z.strictObject({
  id: z.coerce.number().int().min(1).max(2_147_483_647),
});
