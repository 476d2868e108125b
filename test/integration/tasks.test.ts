import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NotificationView } from '../../server/notifications/presenter.js';
import type { TaskView } from '../../server/tasks/presenter.js';
import { createRoom, sql } from '../support/rooms.js';
import { collect, connectSocket, until } from '../support/sockets.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { signUp, type SignedInUser } from '../support/users.js';

let server: TestServer;
let ann: SignedInUser;
let bob: SignedInUser;
let carol: SignedInUser;
let roomId: string;

beforeAll(async () => {
  // Notifications go through the outbox; tests drain it to see them settled.
  server = await startTestServer({}, { services: { outbox: { autoStart: false } } });
  [ann, bob, carol] = await Promise.all([
    signUp(server.url, { displayName: 'Ann' }),
    signUp(server.url, { displayName: 'Bob' }),
    signUp(server.url, { displayName: 'Carol' }),
  ]);
  roomId = await createRoom(server.database.url, [ann.user.id, bob.user.id]);
});

afterAll(async () => {
  await server.stop();
});

async function createTask(user: SignedInUser, body: object): Promise<TaskView> {
  const res = await user.agent.post('/api/tasks').send(body);
  expect(res.status).toBe(201);
  return (res.body as { task: TaskView }).task;
}

const tasksOf = async (user: SignedInUser, query = '') =>
  ((await user.agent.get(`/api/tasks${query}`)).body as { tasks: TaskView[] }).tasks;

/** Task notifications only (system messages in the room may notify too, as messages). */
const taskNotificationsOf = async (user: SignedInUser) =>
  (
    (await user.agent.get('/api/notifications')).body as { notifications: NotificationView[] }
  ).notifications.filter((n) => n.type.startsWith('task_'));

describe('room tasks', () => {
  it('are seen and updated by both co-parents, announced in the room, and notified', async () => {
    const task = await createTask(ann, {
      title: 'Book the dentist',
      roomId,
      assignee: bob.user.id,
      priority: 'high',
      type: 'medical',
      dueDate: '2030-03-01',
    });
    expect(task).toMatchObject({
      roomId,
      createdBy: ann.user.id,
      status: 'open',
      priority: 'high',
      dueDate: '2030-03-01T00:00:00.000Z',
      assignee: { userId: bob.user.id, name: 'Bob' },
      completedAt: null,
    });
    expect((await tasksOf(bob)).map((t) => t.id)).toContain(task.id);

    const done = await bob.agent.patch(`/api/tasks/${task.id}`).send({ status: 'completed' });
    expect(done.status).toBe(200);
    expect(done.body.task.status).toBe('completed');
    expect(typeof done.body.task.completedAt).toBe('string');

    const seenByAnn = (await ann.agent.get(`/api/tasks/${task.id}`)).body.task as TaskView;
    expect(seenByAnn).toMatchObject({
      status: 'completed',
      completedAt: done.body.task.completedAt,
    });

    const reopened = await ann.agent
      .patch(`/api/tasks/${task.id}`)
      .send({ status: 'open', title: 'Book the dentist (again)' });
    expect(reopened.body.task).toMatchObject({ status: 'open', completedAt: null });

    const messages = await sql<{ type: string; text: string; sender_id: number }>(
      server.database.url,
      'SELECT type, text, sender_id FROM messages WHERE room_id = $1 ORDER BY seq',
      [roomId],
    );
    expect(messages).toEqual([
      { type: 'system', text: 'Task added: Book the dentist', sender_id: ann.user.id },
      { type: 'system', text: 'Task completed: Book the dentist', sender_id: bob.user.id },
    ]);

    await server.services.outboxWorker.drain();
    expect(await taskNotificationsOf(bob)).toEqual([
      expect.objectContaining({
        type: 'task_assigned',
        title: 'Ann assigned you a task',
        body: 'Book the dentist',
        relatedId: String(task.id),
        relatedType: 'task',
      }),
    ]);
    expect(await taskNotificationsOf(ann)).toEqual([
      expect.objectContaining({ type: 'task_completed', title: 'Bob completed a task' }),
    ]);
  });

  it('emits the notification live to a connected assignee', async () => {
    const socket = await connectSocket(server.url, bob.cookie);
    try {
      const seen = collect(socket, 'notification');
      const task = await createTask(ann, { title: 'Sign the school form', roomId });
      await ann.agent.patch(`/api/tasks/${task.id}`).send({ assignee: bob.user.id });
      await server.services.outboxWorker.drain();
      await until(() => seen.some((n) => n.type === 'task_assigned'), 5000, 'notification event');
      expect(seen.find((n) => n.type === 'task_assigned')).toMatchObject({
        title: 'Ann assigned you a task',
        body: 'Sign the school form',
      });
    } finally {
      socket.close();
    }
  });

  it('an outsider gets not_found for every way in', async () => {
    const task = await createTask(ann, { title: 'Private to the room', roomId });
    expect((await tasksOf(carol)).map((t) => t.id)).not.toContain(task.id);
    for (const res of [
      await carol.agent.get(`/api/tasks/${task.id}`),
      await carol.agent.patch(`/api/tasks/${task.id}`).send({ status: 'completed' }),
      await carol.agent.delete(`/api/tasks/${task.id}`),
      await carol.agent.post('/api/tasks').send({ title: 'Sneaky', roomId }),
      await carol.agent.get(`/api/tasks/999999`),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
  });

  it('is deleted only by its creator', async () => {
    const task = await createTask(ann, { title: 'Ann’s to delete', roomId });
    const byBob = await bob.agent.delete(`/api/tasks/${task.id}`);
    expect(byBob.status).toBe(403);
    expect((await ann.agent.delete(`/api/tasks/${task.id}`)).status).toBe(204);
    expect((await bob.agent.get(`/api/tasks/${task.id}`)).status).toBe(404);
  });
});

describe('validation', () => {
  it('refuses bad status, priority, assignee and shapes with validation_failed', async () => {
    const task = await createTask(ann, { title: 'Valid', roomId });
    const attempts = [
      ann.agent.post('/api/tasks').send({ title: 'x', status: 'done' }),
      ann.agent.post('/api/tasks').send({ title: 'x', priority: 'critical' }),
      ann.agent.post('/api/tasks').send({ title: '' }),
      ann.agent.post('/api/tasks').send({ title: 'x', dueDate: 'tomorrow' }),
      ann.agent.post('/api/tasks').send({ title: 'x', roomId, assignee: carol.user.id }),
      ann.agent.post('/api/tasks').send({ title: 'x', assignee: bob.user.id }),
      ann.agent.post('/api/tasks').send({ title: 'x', owner: 1 }),
      ann.agent.patch(`/api/tasks/${task.id}`).send({ status: 'finished' }),
      ann.agent.patch(`/api/tasks/${task.id}`).send({ priority: 'HIGH' }),
      ann.agent.patch(`/api/tasks/${task.id}`).send({}),
      ann.agent.patch(`/api/tasks/${task.id}`).send({ roomId }),
      ann.agent.get('/api/tasks?status=done'),
      ann.agent.get('/api/tasks/abc'),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
  });
});

describe('listing', () => {
  it('filters by status and sorts by due date, undated last; personal tasks stay private', async () => {
    const [dave, erin] = await Promise.all([
      signUp(server.url, { displayName: 'Dave' }),
      signUp(server.url, { displayName: 'Erin' }),
    ]);
    const room = await createRoom(server.database.url, [dave.user.id, erin.user.id]);
    const late = await createTask(dave, { title: 'late', roomId: room, dueDate: '2031-01-01' });
    const none = await createTask(dave, { title: 'undated', roomId: room });
    const soon = await createTask(erin, { title: 'soon', dueDate: '2030-01-01T09:30:00+02:00' });
    const mine = await createTask(dave, {
      title: 'mine',
      status: 'completed',
      assignee: 'Grandma',
      dueDate: '2030-06-01',
    });
    expect(mine).toMatchObject({ assignee: { userId: null, name: 'Grandma' } });
    expect(typeof mine.completedAt).toBe('string');

    expect((await tasksOf(dave)).map((t) => t.id)).toEqual([mine.id, late.id, none.id]);
    expect((await tasksOf(erin)).map((t) => t.id)).toEqual([soon.id, late.id, none.id]);
    expect((await tasksOf(dave, '?status=completed')).map((t) => t.id)).toEqual([mine.id]);
    expect((await tasksOf(erin, `?roomId=${room}`)).map((t) => t.id)).toEqual([late.id, none.id]);
  });
});
