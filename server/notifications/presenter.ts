import type { NotificationView } from '../shared/socketEvents.js';
import type { NotificationRow } from './notificationRepository.js';

export type { NotificationView };

/** A notification as its owner sees it (REST and the `notification` event alike). */
export function presentNotification(row: NotificationRow): NotificationView {
  return {
    id: row.id,
    type: row.type,
    title: row.title,
    body: row.body,
    relatedId: row.related_id,
    relatedType: row.related_type,
    isRead: row.is_read,
    createdAt: row.created_at.toISOString(),
  };
}
