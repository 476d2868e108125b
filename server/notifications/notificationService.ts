import type { Db, Queryable } from '../db/pool.js';
import type { OutboxRepository } from '../outbox/outboxRepository.js';
import { notFound } from '../shared/errors.js';
import type { NotificationRepository, NotificationRow } from './notificationRepository.js';
import { presentNotification, type NotificationView } from './presenter.js';
import { newNotificationSchema, type NewNotification } from './schema.js';

/** Sends a live event to every socket of a user (the realtime hub, wired by the container). */
export type EmitToUser = (userId: number, event: 'notification', payload: NotificationView) => void;

export interface NotificationServiceDeps {
  db: Db;
  notifications: NotificationRepository;
  outbox: OutboxRepository;
  emitToUser: EmitToUser;
}

/**
 * In-app notifications: listing and marking read for their owner, and the
 * ways other services create them — at once (`create`), inside their own
 * transaction (`insert` + `publish` after commit), or through the outbox
 * (`enqueue`: created, pushed if the user is offline, and emitted by the
 * worker once the caller's transaction commits).
 */
export function createNotificationService(deps: NotificationServiceDeps) {
  const { notifications, outbox, emitToUser } = deps;

  function publish(row: NotificationRow): void {
    emitToUser(row.user_id, 'notification', presentNotification(row));
  }

  return {
    async list(
      userId: number,
      options: { unreadOnly: boolean; limit: number; beforeId?: number },
    ): Promise<{ rows: NotificationRow[]; unreadCount: number }> {
      const [rows, unreadCount] = await Promise.all([
        notifications.list(userId, options),
        notifications.unreadCount(userId),
      ]);
      return { rows, unreadCount };
    },

    /** Someone else's notification answers not_found, as if it did not exist. */
    async markRead(userId: number, id: number): Promise<NotificationRow> {
      const row = await notifications.markRead(id, userId);
      if (!row) throw notFound('Notification');
      return row;
    },

    markAllRead(userId: number): Promise<number> {
      return notifications.markAllRead(userId);
    },

    /** Creates a notification now and emits it live as `notification`. */
    async create(input: NewNotification): Promise<NotificationRow> {
      const row = await notifications.insert(newNotificationSchema.parse(input));
      publish(row);
      return row;
    },

    /** Creates one inside the caller's transaction; call `publish` after the commit. */
    insert(tx: Queryable, input: NewNotification): Promise<NotificationRow> {
      return notifications.insert(newNotificationSchema.parse(input), tx);
    },

    /** Emits a committed notification to its owner's sockets. */
    publish,

    /**
     * Queues a notification in the caller's transaction: it exists if and
     * only if that transaction commits. With `pushUrl`, an offline user also
     * gets a web push.
     */
    async enqueue(tx: Queryable, input: NewNotification): Promise<void> {
      await outbox.enqueue(tx, 'notification', newNotificationSchema.parse(input));
    },
  };
}

export type NotificationService = ReturnType<typeof createNotificationService>;
