/**
 * Topic threads: every delivered message is filed by the mediator's topic,
 * counts follow, `thread:update` is emitted; members list, rename,
 * re-categorise, nest and archive threads over REST.
 */
import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { ThreadView } from '../../server/shared/socketEvents.js';
import { useCoupleServer, send, sent, type Couple } from '../support/couple.js';
import { collect, emitAck, until } from '../support/sockets.js';

const env = useCoupleServer();
const couple = () => env.couple();

async function threadsOf(c: Couple, query = ''): Promise<ThreadView[]> {
  const res = await c.ann.agent.get(`/api/rooms/${c.roomId}/threads${query}`);
  expect(res.status).toBe(200);
  return (res.body as { threads: ThreadView[] }).threads;
}

describe('filing messages', () => {
  it('puts pickup times and a doctor’s visit in two threads with sensible titles and categories', async () => {
    const c = await couple();
    const updates = collect(c.bobSocket, 'thread:update');
    const pickup1 = sent(
      await send(c.annSocket, c.roomId, "Can we move Friday's pickup to 5pm at the school?"),
    );
    const doctor1 = sent(
      await send(
        c.bobSocket,
        c.roomId,
        "Hi Ann, Emma has a doctor's appointment on Tuesday at 3:30pm with Dr. Patel.",
      ),
    );
    const pickup2 = sent(await send(c.bobSocket, c.roomId, 'Sure, pickup at 5pm on Friday works.'));
    const doctor2 = sent(
      await send(c.annSocket, c.roomId, 'Thanks. Did the doctor say she needs antibiotics?'),
    );

    expect(pickup2.threadId).toBe(pickup1.threadId);
    expect(doctor2.threadId).toBe(doctor1.threadId);
    expect(doctor1.threadId).not.toBe(pickup1.threadId);

    const threads = await threadsOf(c);
    expect(threads).toHaveLength(2);
    const schedule = threads.find((t) => t.id === pickup1.threadId)!;
    const medical = threads.find((t) => t.id === doctor1.threadId)!;
    expect(schedule).toMatchObject({
      roomId: c.roomId,
      category: 'schedule',
      title: "Can we move Friday's pickup to 5pm…",
      messageCount: 2,
      lastMessageAt: pickup2.createdAt,
      parentThreadId: null,
      isArchived: false,
    });
    expect(medical).toMatchObject({
      category: 'medical',
      title: "Emma has a doctor's appointment on Tuesday…",
      messageCount: 2,
      lastMessageAt: doctor2.createdAt,
    });
    // Most recently active first.
    expect(threads.map((t) => t.id)).toEqual([medical.id, schedule.id]);

    // thread:update for each thread opened; a message counted into an
    // existing thread is told by its message:new alone.
    await until(() => updates.length === 2, 5000, 'thread:update events');
    const more = sent(await send(c.annSocket, c.roomId, 'And the pickup on Saturday at 5pm?'));
    // Bob's socket is ordered: once this ack is back, a thread:update emitted
    // for that send would have arrived before it.
    await emitAck(c.bobSocket, 'message:read', { roomId: c.roomId, seq: more.seq });
    expect(updates.map((u) => [u.id, u.messageCount])).toEqual([
      [schedule.id, 1],
      [medical.id, 1],
    ]);
  });

  it('honours a thread the sender picks, and files system messages under general', async () => {
    const c = await couple();
    const pickup = sent(await send(c.annSocket, c.roomId, 'Pickup is at 5pm on Friday.'));
    const chosen = await emitAck(c.annSocket, 'message:send', {
      roomId: c.roomId,
      clientId: randomUUID(),
      text: 'Also, she needs her library book back.',
      threadId: pickup.threadId!,
    });
    expect(chosen).toMatchObject({ ok: true, message: { threadId: pickup.threadId } });

    const system = await env.server.services.messages.sendSystem({
      roomId: c.roomId,
      actorId: c.ann.user.id,
      text: 'Ann created a task: Buy school shoes',
      clientId: `system-${randomUUID()}`,
    });
    const general = (await threadsOf(c)).find((t) => t.id === system.threadId);
    expect(general).toMatchObject({ category: 'general', messageCount: 1 });
  });
});

describe('REST', () => {
  it('renames, re-categorises, nests (no cycles, same room only) and archives', async () => {
    const c = await couple();
    const pickup = sent(await send(c.annSocket, c.roomId, 'Pickup is at 5pm on Friday.'));
    const doctor = sent(await send(c.annSocket, c.roomId, 'The dentist appointment is on Monday.'));
    const updates = collect(c.bobSocket, 'thread:update');

    const renamed = await c.ann.agent
      .patch(`/api/threads/${doctor.threadId}`)
      .send({ title: 'Dentist', category: 'medical', parentThreadId: pickup.threadId });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({
      thread: {
        id: doctor.threadId,
        title: 'Dentist',
        category: 'medical',
        parentThreadId: pickup.threadId,
      },
    });
    // Events of the two sends may still be arriving: look for the rename's.
    const renamedView = (renamed.body as { thread: ThreadView }).thread;
    await until(() => updates.some((u) => u.title === 'Dentist'), 5000, 'thread:update');
    expect(updates.find((u) => u.title === 'Dentist')).toEqual(renamedView);

    const cycle = await c.bob.agent
      .patch(`/api/threads/${pickup.threadId}`)
      .send({ parentThreadId: doctor.threadId });
    expect(cycle.status).toBe(400);
    expect(cycle.body).toMatchObject({ error: { code: 'validation_failed' } });
    const self = await c.ann.agent
      .patch(`/api/threads/${pickup.threadId}`)
      .send({ parentThreadId: pickup.threadId });
    expect(self.status).toBe(400);

    const elsewhere = await couple();
    const foreign = sent(
      await send(elsewhere.annSocket, elsewhere.roomId, 'Pickup is at 6pm on Sunday.'),
    );
    const crossRoom = await c.ann.agent
      .patch(`/api/threads/${pickup.threadId}`)
      .send({ parentThreadId: foreign.threadId });
    expect(crossRoom.status).toBe(400);

    const unnested = await c.ann.agent
      .patch(`/api/threads/${doctor.threadId}`)
      .send({ parentThreadId: null });
    expect(unnested.body).toMatchObject({ thread: { parentThreadId: null, title: 'Dentist' } });

    const archived = await c.ann.agent
      .patch(`/api/threads/${pickup.threadId}`)
      .send({ isArchived: true });
    expect(archived.body).toMatchObject({ thread: { isArchived: true } });
    // The archived thread takes no more messages: the next pickup note opens a new one.
    const next = sent(await send(c.annSocket, c.roomId, 'Pickup next Friday is at 4pm.'));
    expect(next.threadId).not.toBe(pickup.threadId);
    expect((await threadsOf(c, '?archived=true')).map((t) => t.id)).toEqual([pickup.threadId]);
    expect((await threadsOf(c, '?archived=false')).map((t) => t.id).sort()).toEqual(
      [doctor.threadId, next.threadId].sort(),
    );
  });

  it('answers not_found to non-members and validates input', async () => {
    const c = await couple();
    const stranger = await couple();
    const pickup = sent(await send(c.annSocket, c.roomId, 'Pickup is at 5pm on Friday.'));

    const list = await stranger.ann.agent.get(`/api/rooms/${c.roomId}/threads`);
    expect(list.status).toBe(404);
    expect(list.body).toMatchObject({ error: { code: 'not_found' } });
    const patch = await stranger.ann.agent
      .patch(`/api/threads/${pickup.threadId}`)
      .send({ title: 'Mine' });
    expect(patch.status).toBe(404);
    const missing = await c.ann.agent.patch(`/api/threads/${randomUUID()}`).send({ title: 'Nope' });
    expect(missing.status).toBe(404);

    for (const body of [
      {},
      { title: '' },
      { category: 'gossip' },
      { isArchived: 'yes' },
      { extra: 1 },
    ]) {
      const res = await c.ann.agent.patch(`/api/threads/${pickup.threadId}`).send(body);
      expect(res.status).toBe(400);
    }
    expect((await c.ann.agent.get(`/api/rooms/not-a-uuid/threads`)).status).toBe(400);
    const anonymous = await fetch(`${env.server.url}/api/rooms/${c.roomId}/threads`);
    expect(anonymous.status).toBe(401);
  });
});
