import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import type { NotificationView } from '../../server/notifications/presenter.js';
import { collect, connectSocket, until } from '../support/sockets.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { signUp, type SignedInUser } from '../support/users.js';

let server: TestServer;
let ann: SignedInUser;
let bob: SignedInUser;

beforeAll(async () => {
  server = await startTestServer();
  [ann, bob] = await Promise.all([
    signUp(server.url, { displayName: 'Ann' }),
    signUp(server.url, { displayName: 'Bob' }),
  ]);
});

afterAll(async () => {
  await server.stop();
});

const notify = (userId: number, title: string) =>
  server.services.notifications.create({ userId, type: 'system', title });

async function list(user: SignedInUser, query = '') {
  const res = await user.agent.get(`/api/notifications${query}`);
  expect(res.status).toBe(200);
  return res.body as { notifications: NotificationView[]; unreadCount: number };
}

describe('notifications', () => {
  it('lists newest first, filters unread, marks one and all read; others’ answer not_found', async () => {
    const first = await notify(ann.user.id, 'first');
    const second = await notify(ann.user.id, 'second');
    await notify(ann.user.id, 'third');
    await notify(bob.user.id, 'for Bob');

    const all = await list(ann);
    expect(all.notifications.map((n) => n.title)).toEqual(['third', 'second', 'first']);
    expect(all.unreadCount).toBe(3);

    const read = await ann.agent.post(`/api/notifications/${second.id}/read`);
    expect(read.status).toBe(200);
    expect(read.body.notification).toMatchObject({ id: second.id, isRead: true });
    const unread = await list(ann, '?unread=1');
    expect(unread.notifications.map((n) => n.title)).toEqual(['third', 'first']);
    expect(unread.unreadCount).toBe(2);

    const paged = await list(ann, `?limit=1&beforeId=${second.id}`);
    expect(paged.notifications.map((n) => n.id)).toEqual([first.id]);

    const byBob = await bob.agent.post(`/api/notifications/${first.id}/read`);
    expect(byBob.status).toBe(404);
    expect(byBob.body.error.code).toBe('not_found');

    const allRead = await ann.agent.post('/api/notifications/read-all');
    expect(allRead.body).toEqual({ updated: 2 });
    expect((await list(ann, '?unread=1')).notifications).toEqual([]);
    expect((await list(bob, '?unread=1')).notifications.map((n) => n.title)).toEqual(['for Bob']);
  });

  it('validates input and requires a session', async () => {
    for (const res of [
      await ann.agent.get('/api/notifications?unread=maybe'),
      await ann.agent.get('/api/notifications?limit=0'),
      await ann.agent.post('/api/notifications/abc/read'),
    ]) {
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    expect((await request(server.url).get('/api/notifications')).status).toBe(401);
  });

  it('is emitted live as `notification` to every socket of its user', async () => {
    const socket = await connectSocket(server.url, bob.cookie);
    try {
      const seen = collect(socket, 'notification');
      const row = await notify(bob.user.id, 'live one');
      await until(() => seen.length > 0, 5000, 'notification event');
      expect(seen).toEqual([
        expect.objectContaining({ id: row.id, title: 'live one', type: 'system', isRead: false }),
      ]);
    } finally {
      socket.close();
    }
  });
});
