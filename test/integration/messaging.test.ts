import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { MessageView } from '../../server/shared/socketEvents.js';
import { createRoom, sql } from '../support/rooms.js';
import {
  collect,
  connectSocket,
  emitAck,
  emitRaw,
  until,
  type ClientSocket,
} from '../support/sockets.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { pairUsers } from '../support/pairing.js';
import { signUp, type SignedInUser } from '../support/users.js';

let server: TestServer;
let ann: SignedInUser;
let bob: SignedInUser;
let carol: SignedInUser;
let roomId: string;
let carolsRoom: string;
const open: ClientSocket[] = [];

async function socketFor(user: SignedInUser): Promise<ClientSocket> {
  const socket = await connectSocket(server.url, user.cookie);
  open.push(socket);
  return socket;
}

function sentMessage(ack: unknown): MessageView {
  const a = ack as { ok: boolean; status?: string; message?: MessageView };
  expect(a).toMatchObject({ ok: true, status: 'sent' });
  return a.message!;
}

beforeAll(async () => {
  // High enough that the concurrency tests measure the send path, not the limiter.
  server = await startTestServer({ SOCKET_SENDS_PER_SECOND: '1000' });
  [ann, bob, carol] = await Promise.all([
    signUp(server.url, { displayName: 'Ann' }),
    signUp(server.url, { displayName: 'Bob' }),
    signUp(server.url, { displayName: 'Carol' }),
  ]);
  roomId = await createRoom(server.database.url, [ann.user.id, bob.user.id]);
  carolsRoom = await createRoom(server.database.url, [carol.user.id]);
});

afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

afterAll(async () => {
  await server.stop();
});

describe('delivery', () => {
  it('delivers A→B with the full shape, to B and to A’s other tab', async () => {
    const annTab1 = await socketFor(ann);
    const annTab2 = await socketFor(ann);
    const bobSocket = await socketFor(bob);
    const atBob = collect(bobSocket, 'message:new');
    const atAnnTab2 = collect(annTab2, 'message:new');

    const clientId = randomUUID();
    const ack = await emitAck(annTab1, 'message:send', {
      roomId,
      clientId,
      text: '  Pickup is at 5pm on Friday.  ',
    });
    const message = sentMessage(ack);
    expect(message).toEqual({
      id: expect.any(Number),
      roomId,
      seq: expect.any(Number),
      clientId,
      sender: { id: ann.user.id, displayName: 'Ann' },
      type: 'user',
      text: 'Pickup is at 5pm on Friday.',
      threadId: expect.any(String), // every delivered message is filed in a topic thread
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    await until(() => atBob.length === 1 && atAnnTab2.length === 1, 5000, 'deliveries');
    expect(atBob[0]).toEqual(message);
    expect(atAnnTab2[0]).toEqual(message);
  });

  it('loses nothing while B is offline: sync returns exactly the 50 missed, in order', async () => {
    const bobBefore = await socketFor(bob);
    const history = await emitAck(bobBefore, 'messages:history', { roomId, limit: 1 });
    const lastSeen = (history as { messages: MessageView[] }).messages[0]?.seq ?? 0;
    bobBefore.close();

    const annSocket = await socketFor(ann);
    const sent: MessageView[] = [];
    for (let i = 1; i <= 50; i++) {
      sent.push(
        sentMessage(
          await emitAck(annSocket, 'message:send', {
            roomId,
            clientId: randomUUID(),
            text: `Note ${i} about the schedule`,
          }),
        ),
      );
    }

    const bobAgain = await socketFor(bob);
    const synced = await emitAck(bobAgain, 'messages:sync', { roomId, afterSeq: lastSeen });
    expect(synced).toMatchObject({ ok: true, hasMore: false });
    const messages = (synced as { messages: MessageView[] }).messages;
    expect(messages.map((m) => m.text)).toEqual(sent.map((m) => m.text));
    expect(messages.map((m) => m.seq)).toEqual(sent.map((_, i) => lastSeen + 1 + i));
  });

  it('queues the offline-receiver outbox row only when B has no socket (from memory)', async () => {
    const annSocket = await socketFor(ann);
    const bobSocket = await socketFor(bob);
    const send = async (text: string) =>
      sentMessage(
        await emitAck(annSocket, 'message:send', { roomId, clientId: randomUUID(), text }),
      ).id;
    const whileHere = await send('Bob is here');
    bobSocket.close();
    await until(() => !server.services.hub.hasSocket(bob.user.id), 5000, 'Bob gone');
    const whileAway = await send('Bob has left');
    const queued = await sql<{ id: number }>(
      server.database.url,
      `SELECT (payload->>'messageId')::int AS id FROM outbox
        WHERE kind = 'message_delivered' AND (payload->>'messageId')::int = ANY($1::int[])`,
      [[whileHere, whileAway]],
    );
    expect(queued.map((r) => r.id)).toEqual([whileAway]);
  });

  it('pages history over REST and sockets by seq cursor, newest first', async () => {
    const page1 = await bob.agent.get(`/api/rooms/${roomId}/messages?limit=10`);
    expect(page1.status).toBe(200);
    const seqs1 = (page1.body as { messages: MessageView[] }).messages.map((m) => m.seq);
    expect(seqs1).toHaveLength(10);
    expect([...seqs1].sort((a, b) => b - a)).toEqual(seqs1);
    const page2 = await bob.agent.get(
      `/api/rooms/${roomId}/messages?limit=10&beforeSeq=${seqs1.at(-1)}`,
    );
    const seqs2 = (page2.body as { messages: MessageView[] }).messages.map((m) => m.seq);
    expect(seqs2[0]).toBe(seqs1.at(-1)! - 1);
    expect(page2.body).toMatchObject({ hasMore: true });
  });
});

describe('ordering and integrity', () => {
  it('gives 200 concurrent sends from both parents seqs with no gap or repeat, and a valid chain', async () => {
    const fresh = await createRoom(server.database.url, [ann.user.id, bob.user.id]);
    const annSocket = await socketFor(ann);
    const bobSocket = await socketFor(bob);
    const acks = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        emitAck(i % 2 ? bobSocket : annSocket, 'message:send', {
          roomId: fresh,
          clientId: randomUUID(),
          text: `concurrent ${i}`,
        }),
      ),
    );
    const seqs = acks.map((a) => sentMessage(a).seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));

    const verify = await ann.agent.get(`/api/rooms/${fresh}/verify`);
    expect(verify.body).toEqual({ ok: true, count: 200 });

    // Tamper with seq 137 behind the API's back (the append-only trigger
    // refuses UPDATE, so it is switched off for this one statement).
    await sql(
      server.database.url,
      `BEGIN; SET LOCAL session_replication_role = replica;
       UPDATE messages SET text = 'altered' WHERE room_id = '${fresh}' AND seq = 137; COMMIT;`,
    );
    const broken = await ann.agent.get(`/api/rooms/${fresh}/verify`);
    expect(broken.body).toMatchObject({ ok: false, brokenAtSeq: 137 });
  });

  it('keeps the chain valid for text with a lone UTF-16 surrogate (stored as U+FFFD)', async () => {
    const fresh = await createRoom(server.database.url, [ann.user.id, bob.user.id]);
    const annSocket = await socketFor(ann);
    const m = sentMessage(
      await emitAck(annSocket, 'message:send', {
        roomId: fresh,
        clientId: randomUUID(),
        text: 'Broken emoji \uD83D here',
      }),
    );
    expect(m.text).toBe('Broken emoji \uFFFD here');
    const verify = await ann.agent.get(`/api/rooms/${fresh}/verify`);
    expect(verify.body).toEqual({ ok: true, count: 1 });
  });

  it('refuses UPDATE and DELETE of messages at the database', async () => {
    await expect(
      sql(server.database.url, `UPDATE messages SET text = 'x' WHERE room_id = $1`, [roomId]),
    ).rejects.toThrow(/append-only/);
    await expect(
      sql(server.database.url, `DELETE FROM messages WHERE room_id = $1`, [roomId]),
    ).rejects.toThrow(/append-only/);
  });

  it('stores the same clientId sent 5 times (concurrently) once, announced once per socket', async () => {
    const annSocket = await socketFor(ann);
    const bobSocket = await socketFor(bob);
    const atBob = collect(bobSocket, 'message:new');
    const atAnn = collect(annSocket, 'message:new');
    const clientId = randomUUID();
    const payload = { roomId, clientId, text: 'Dentist moved to Tuesday 10am' };
    const acks = await Promise.all(
      Array.from({ length: 5 }, () => emitAck(annSocket, 'message:send', payload)),
    );
    // ...and once more after the first has surely committed.
    acks.push(await emitAck(annSocket, 'message:send', payload));
    const ids = new Set(acks.map((a) => sentMessage(a).id));
    expect(ids.size).toBe(1);
    const rows = await sql(
      server.database.url,
      'SELECT count(*)::int AS n FROM messages WHERE sender_id = $1 AND client_id = $2',
      [ann.user.id, clientId],
    );
    expect(rows[0]).toEqual({ n: 1 });
    // A later unrelated message proves the duplicates' announcements had their chance.
    await emitAck(annSocket, 'message:send', { roomId, clientId: randomUUID(), text: 'marker' });
    await until(() => atBob.some((m) => m.text === 'marker'), 5000, 'marker');
    expect(atBob.filter((m) => m.clientId === clientId)).toHaveLength(1);
    expect(atAnn.filter((m) => m.clientId === clientId)).toHaveLength(1);
  });
});

describe('receipts, typing, presence', () => {
  it('stores first-viewed times once and broadcasts receipts', async () => {
    const annSocket = await socketFor(ann);
    const bobSocket = await socketFor(bob);
    const receiptsAtAnn = collect(annSocket, 'message:read');
    const m = sentMessage(
      await emitAck(annSocket, 'message:send', { roomId, clientId: randomUUID(), text: 'Read me' }),
    );
    expect(await emitAck(bobSocket, 'message:read', { roomId, seq: m.seq })).toEqual({ ok: true });
    await until(() => receiptsAtAnn.length === 1, 5000, 'receipt');
    expect(receiptsAtAnn[0]).toMatchObject({ roomId, userId: bob.user.id, seq: m.seq });

    const first = await sql<{ first_viewed_at: Date }>(
      server.database.url,
      'SELECT first_viewed_at FROM message_receipts WHERE message_id = $1 AND user_id = $2',
      [m.id, bob.user.id],
    );
    expect(first).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 20));
    await emitAck(bobSocket, 'message:read', { roomId, seq: m.seq });
    const second = await sql<{ first_viewed_at: Date }>(
      server.database.url,
      'SELECT first_viewed_at FROM message_receipts WHERE message_id = $1 AND user_id = $2',
      [m.id, bob.user.id],
    );
    expect(second[0]!.first_viewed_at.getTime()).toBe(first[0]!.first_viewed_at.getTime());
    // Own messages get no receipt of their own.
    const own = await sql(
      server.database.url,
      'SELECT 1 FROM message_receipts WHERE message_id = $1 AND user_id = $2',
      [m.id, ann.user.id],
    );
    expect(own).toHaveLength(0);
  });

  it('relays typing to the others only, and presence on first connect / last disconnect', async () => {
    const bobSocket = await socketFor(bob);
    const presenceAtBob = collect(bobSocket, 'presence');
    const typingAtBob = collect(bobSocket, 'typing');
    const annTab1 = await socketFor(ann);
    const typingAtAnn = collect(annTab1, 'typing');
    await until(() => presenceAtBob.some((p) => p.userId === ann.user.id && p.online));
    const annTab2 = await socketFor(ann);
    expect(await emitAck(annTab1, 'typing', { roomId, typing: true })).toEqual({ ok: true });
    await until(() => typingAtBob.length === 1, 5000, 'typing');
    expect(typingAtBob[0]).toEqual({ roomId, userId: ann.user.id, typing: true });
    expect(typingAtAnn).toHaveLength(0);

    annTab1.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(presenceAtBob.filter((p) => p.userId === ann.user.id && !p.online)).toHaveLength(0);
    annTab2.close();
    await until(() => presenceAtBob.some((p) => p.userId === ann.user.id && !p.online));
  });

  it('announces offline in a room paired while the socket was connected', async () => {
    const [dan, eve] = await Promise.all([
      signUp(server.url, { displayName: 'Dan' }),
      signUp(server.url, { displayName: 'Eve' }),
    ]);
    const danSocket = await socketFor(dan);
    const { roomId: theirs } = await pairUsers(dan, eve);
    const eveSocket = await socketFor(eve);
    const presenceAtEve = collect(eveSocket, 'presence');
    const seen = collect(eveSocket, 'message:new');
    // Dan's socket was joined to the new room by the pairing: it hears Eve.
    const atDan = collect(danSocket, 'message:new');
    await emitAck(eveSocket, 'message:send', {
      roomId: theirs,
      clientId: randomUUID(),
      text: 'Hi Dan, pickup at 5?',
    });
    await until(() => atDan.length === 1 && seen.length === 1, 5000, 'the message');
    danSocket.close();
    await until(() => presenceAtEve.some((p) => p.userId === dan.user.id && !p.online));
  });
});

describe('corrections', () => {
  it('appends a correction linked to the original; nothing is updated', async () => {
    const annSocket = await socketFor(ann);
    const original = sentMessage(
      await emitAck(annSocket, 'message:send', {
        roomId,
        clientId: randomUUID(),
        text: 'Practice is at 6pm',
      }),
    );
    const correction = sentMessage(
      await emitAck(annSocket, 'message:correct', {
        messageId: original.id,
        clientId: randomUUID(),
        text: 'Practice is at 6:30pm',
      }),
    );
    expect(correction).toMatchObject({
      type: 'correction',
      correctsId: original.id,
      seq: original.seq + 1,
    });
    const rows = await sql(server.database.url, 'SELECT text FROM messages WHERE id = $1', [
      original.id,
    ]);
    expect(rows[0]).toEqual({ text: 'Practice is at 6pm' });

    const bobSocket = await socketFor(bob);
    const notHis = await emitAck(bobSocket, 'message:correct', {
      messageId: original.id,
      clientId: randomUUID(),
      text: 'Practice is cancelled',
    });
    expect(notHis).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('search', () => {
  it('finds messages by words (stemmed), members only', async () => {
    const annSocket = await socketFor(ann);
    await emitAck(annSocket, 'message:send', {
      roomId,
      clientId: randomUUID(),
      text: 'The orthodontist appointments are on Mondays',
    });
    const res = await bob.agent.get(`/api/rooms/${roomId}/search`).query({ q: 'appointment' });
    expect(res.status).toBe(200);
    expect((res.body as { messages: MessageView[] }).messages.map((m) => m.text)).toContain(
      'The orthodontist appointments are on Mondays',
    );
    const outsider = await carol.agent.get(`/api/rooms/${roomId}/search`).query({ q: 'x' });
    expect(outsider.status).toBe(404);
  });
});

describe('refusals', () => {
  it('refuses a connection without a session', async () => {
    await expect(connectSocket(server.url)).rejects.toThrow('unauthorized');
    await expect(connectSocket(server.url, 'parley.sid=s%3Aforged.sig')).rejects.toThrow(
      'unauthorized',
    );
  });

  it('answers not_found to a member of another room, on every event and route', async () => {
    const carolSocket = await socketFor(carol);
    const notFound = { ok: false, error: { code: 'not_found' } };
    expect(
      await emitAck(carolSocket, 'message:send', { roomId, clientId: randomUUID(), text: 'hi' }),
    ).toMatchObject(notFound);
    expect(await emitAck(carolSocket, 'messages:sync', { roomId, afterSeq: 0 })).toMatchObject(
      notFound,
    );
    expect(await emitAck(carolSocket, 'messages:history', { roomId })).toMatchObject(notFound);
    expect(await emitAck(carolSocket, 'message:read', { roomId, seq: 1 })).toMatchObject(notFound);
    expect(await emitAck(carolSocket, 'typing', { roomId, typing: true })).toMatchObject(notFound);
    for (const path of ['messages', 'verify', 'search?q=x']) {
      const res = await carol.agent.get(`/api/rooms/${roomId}/${path}`);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ error: { code: 'not_found' } });
    }
    // Carol's own room works: the refusals above are about membership.
    expect(
      await emitAck(carolSocket, 'message:send', {
        roomId: carolsRoom,
        clientId: randomUUID(),
        text: 'note to self',
      }),
    ).toMatchObject({ ok: true, status: 'sent' });
  });

  it('answers malformed payloads with validation errors and keeps the socket usable', async () => {
    const annSocket = await socketFor(ann);
    const cases: unknown[][] = [
      [{ roomId, clientId: 1, text: 'x' }],
      [{ roomId, text: 'missing clientId' }],
      [{ roomId, clientId: randomUUID(), text: 'x'.repeat(1_000_000) }],
      [{ roomId, clientId: randomUUID(), text: '    ' }],
      [{ roomId: 'not-a-uuid', clientId: randomUUID(), text: 'x' }],
      ['a string'],
      [42],
      [null],
      [{ roomId, clientId: randomUUID(), text: 'x', extra: true }],
    ];
    for (const args of cases) {
      const ack = await emitRaw(annSocket, 'message:send', ...args);
      expect(ack).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    }
    expect(await emitRaw(annSocket, 'messages:sync', { roomId, afterSeq: -1 })).toMatchObject({
      ok: false,
      error: { code: 'validation_failed' },
    });
    expect(annSocket.connected).toBe(true);
    const ok = await emitAck(annSocket, 'message:send', {
      roomId,
      clientId: randomUUID(),
      text: 'still here',
    });
    expect(ok).toMatchObject({ ok: true, status: 'sent' });
  });

  it('rate-limits a flooding socket with rate_limited, without disconnecting it', async () => {
    const limited = await startTestServer({ SOCKET_SENDS_PER_SECOND: '5' });
    try {
      const dan = await signUp(limited.url, { displayName: 'Dan' });
      const room = await createRoom(limited.database.url, [dan.user.id]);
      const socket = await connectSocket(limited.url, dan.cookie);
      open.push(socket);
      const acks = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          emitAck(socket, 'message:send', { roomId: room, clientId: `c${i}`, text: `m${i}` }),
        ),
      );
      const codes = acks.map((a) => (a.ok ? 'ok' : a.error.code));
      expect(codes.filter((c) => c === 'ok')).toHaveLength(5);
      expect(codes.filter((c) => c === 'rate_limited')).toHaveLength(3);
      expect(socket.connected).toBe(true);
    } finally {
      await limited.stop();
    }
  });
});

describe('REST shape', () => {
  it('requires a session for room routes', async () => {
    const res = await request(server.url).get(`/api/rooms/${roomId}/messages`);
    expect(res.status).toBe(401);
  });
});
