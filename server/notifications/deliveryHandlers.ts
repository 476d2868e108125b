import { z } from 'zod';
import type { OutboxHandler } from '../outbox/outboxWorker.js';
import { PermanentFailure } from '../outbox/outboxWorker.js';
import type { PushService } from '../push/pushService.js';
import type { RoomRepository } from '../rooms/roomRepository.js';
import type { NotificationRow } from './notificationRepository.js';
import type { NotificationService } from './notificationService.js';
import { newNotificationSchema } from './schema.js';

/** Payload of 'message_delivered' rows, written by the message send transaction. */
const messageDeliveredSchema = z.object({
  messageId: z.number().int().positive(),
  roomId: z.uuid(),
  senderId: z.number().int().positive(),
  seq: z.number().int().positive(),
});

export interface DeliveryHandlerDeps {
  rooms: Pick<RoomRepository, 'membersOf'>;
  notifications: Pick<NotificationService, 'insert' | 'publish'>;
  push: Pick<PushService, 'enqueueForUser'>;
  /** Whether the user has a connected socket on any node of the cluster. */
  isOnline: (userId: number) => Promise<boolean>;
}

/** One push topic per room (uuid without dashes: 32 chars, RFC 8030's limit). */
export const roomTopic = (roomId: string) => roomId.replace(/-/g, '');

function parsePayload<S extends z.ZodType>(schema: S, payload: unknown): z.output<S> {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw new PermanentFailure('malformed outbox payload');
  return parsed.data;
}

/**
 * Outbox handlers that reach a user who is not looking: an in-app
 * notification, and a web push to each active subscription when the user
 * has no connected socket anywhere. Rows are written in the job's
 * transaction (so exactly once); emits happen after it commits.
 */
export function createDeliveryHandlers(deps: DeliveryHandlerDeps): {
  message_delivered: OutboxHandler;
  notification: OutboxHandler;
} {
  const { rooms, notifications, push, isOnline } = deps;

  const publishAll = (rows: NotificationRow[]) => () => rows.forEach(notifications.publish);

  /** Members other than the sender who are offline get a notification and pushes; no message text. */
  const message_delivered: OutboxHandler = async (job, tx) => {
    const event = parsePayload(messageDeliveredSchema, job.payload);
    const members = await rooms.membersOf(event.roomId, tx);
    const senderName =
      members.find((m) => m.user_id === event.senderId)?.display_name ?? 'Your co-parent';
    const title = `${senderName} sent a message`;
    const created: NotificationRow[] = [];
    for (const member of members) {
      if (member.user_id === event.senderId || (await isOnline(member.user_id))) continue;
      created.push(
        await notifications.insert(tx, {
          userId: member.user_id,
          type: 'message',
          title,
          relatedId: event.roomId,
          relatedType: 'room',
        }),
      );
      await push.enqueueForUser(tx, member.user_id, {
        title,
        url: `/rooms/${event.roomId}`,
        topic: roomTopic(event.roomId),
        messageId: event.messageId,
      });
    }
    return publishAll(created);
  };

  /** A queued notification: created, pushed when its user is offline, then emitted. */
  const notification: OutboxHandler = async (job, tx) => {
    const input = parsePayload(newNotificationSchema, job.payload);
    const row = await notifications.insert(tx, input);
    if (input.pushUrl && !(await isOnline(input.userId))) {
      await push.enqueueForUser(tx, input.userId, {
        title: input.title,
        url: input.pushUrl,
        notificationId: row.id,
      });
    }
    return publishAll([row]);
  };

  return { message_delivered, notification };
}
