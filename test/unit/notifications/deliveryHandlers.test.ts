import { describe, expect, it } from '@jest/globals';
import type { Queryable } from '../../../server/db/pool.js';
import {
  createDeliveryHandlers,
  type DeliveryHandlerDeps,
} from '../../../server/notifications/deliveryHandlers.js';
import type { NotificationRow } from '../../../server/notifications/notificationRepository.js';
import type { NewNotification } from '../../../server/notifications/schema.js';
import type { OutboxJob } from '../../../server/outbox/outboxRepository.js';
import { PermanentFailure } from '../../../server/outbox/outboxWorker.js';
import type { PushNotice } from '../../../server/push/pushService.js';
import type { MemberRow } from '../../../server/rooms/roomRepository.js';

const ROOM = '6f1c2d3e-4a5b-4c6d-8e7f-901234567890';
const tx = {} as Queryable;

const member = (userId: number, name: string): MemberRow => ({
  room_id: ROOM,
  user_id: userId,
  display_name: name,
  role: 'member',
  last_read_seq: 0,
  joined_at: new Date(),
});

/** Fakes recording what the handlers asked for; `online` lists who has a socket. */
function fakes(online: number[]) {
  const inserted: NewNotification[] = [];
  const published: number[] = [];
  const pushes: Array<{ userId: number; notice: PushNotice }> = [];
  const deps: DeliveryHandlerDeps = {
    rooms: { membersOf: () => Promise.resolve([member(1, 'Ann'), member(2, 'Bob')]) },
    notifications: {
      insert: (_tx, input) => {
        inserted.push(input);
        return Promise.resolve({ id: inserted.length, user_id: input.userId } as NotificationRow);
      },
      publish: (row) => void published.push(row.user_id),
    },
    push: {
      enqueueForUser: (_tx, userId, notice) => {
        pushes.push({ userId, notice });
        return Promise.resolve(1);
      },
    },
    isOnline: (userId) => Promise.resolve(online.includes(userId)),
  };
  return { deps, inserted, published, pushes };
}

const job = (kind: OutboxJob['kind'], payload: unknown): OutboxJob => ({
  id: 1,
  kind,
  payload,
  attempts: 1,
  createdAt: new Date(),
  requestId: null,
});

const delivered = job('message_delivered', { messageId: 9, roomId: ROOM, senderId: 1, seq: 3 });

describe('message_delivered', () => {
  it('does nothing for a receiver who is online', async () => {
    const f = fakes([2]);
    const after = await createDeliveryHandlers(f.deps).message_delivered(delivered, tx);
    if (after) await after();
    expect(f.inserted).toEqual([]);
    expect(f.pushes).toEqual([]);
    expect(f.published).toEqual([]);
  });

  it('notifies and pushes an offline receiver, never the sender, without message text', async () => {
    const f = fakes([]);
    const after = await createDeliveryHandlers(f.deps).message_delivered(delivered, tx);
    expect(f.published).toEqual([]); // nothing emitted before commit
    if (after) await after();
    expect(f.inserted).toEqual([
      {
        userId: 2,
        type: 'message',
        title: 'Ann sent a message',
        relatedId: ROOM,
        relatedType: 'room',
      },
    ]);
    expect(f.pushes).toEqual([
      {
        userId: 2,
        notice: {
          title: 'Ann sent a message',
          url: `/rooms/${ROOM}`,
          topic: ROOM.replace(/-/g, ''),
          messageId: 9,
        },
      },
    ]);
    expect(f.published).toEqual([2]);
  });

  it('gives up at once on a malformed payload', async () => {
    const f = fakes([]);
    await expect(
      createDeliveryHandlers(f.deps).message_delivered(job('message_delivered', { x: 1 }), tx),
    ).rejects.toBeInstanceOf(PermanentFailure);
  });
});

describe('notification', () => {
  const queued = (pushUrl?: string) =>
    job('notification', {
      userId: 2,
      type: 'task_assigned',
      title: 'Ann assigned you a task',
      pushUrl,
    });

  it('pushes to an offline user when asked to', async () => {
    const f = fakes([]);
    await createDeliveryHandlers(f.deps).notification(queued('/tasks'), tx);
    expect(f.pushes).toEqual([
      { userId: 2, notice: { title: 'Ann assigned you a task', url: '/tasks', notificationId: 1 } },
    ]);
  });

  it('only notifies an online user, or when no push was asked for', async () => {
    const online = fakes([2]);
    await createDeliveryHandlers(online.deps).notification(queued('/tasks'), tx);
    const inAppOnly = fakes([]);
    await createDeliveryHandlers(inAppOnly.deps).notification(queued(), tx);
    expect([online.inserted.length, inAppOnly.inserted.length]).toEqual([1, 1]);
    expect([...online.pushes, ...inAppOnly.pushes]).toEqual([]);
  });
});
