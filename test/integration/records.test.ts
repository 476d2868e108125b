import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { RoomRecord } from '../../server/records/exportService.js';
import { createRoom, sql } from '../support/rooms.js';
import { connectSocket, emitAck, type ClientSocket } from '../support/sockets.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { signUp, type SignedInUser } from '../support/users.js';

let server: TestServer;
let ann: SignedInUser;
let bob: SignedInUser;
let carol: SignedInUser;
let roomId: string;
let annSocket: ClientSocket;
let bobSocket: ClientSocket;

beforeAll(async () => {
  server = await startTestServer();
  [ann, bob, carol] = await Promise.all([
    signUp(server.url, { displayName: 'Ann' }),
    signUp(server.url, { displayName: 'Bob' }),
    signUp(server.url, { displayName: 'Carol' }),
  ]);
  roomId = await createRoom(server.database.url, [ann.user.id, bob.user.id]);
  annSocket = await connectSocket(server.url, ann.cookie);
  bobSocket = await connectSocket(server.url, bob.cookie);
  for (const text of ['Pickup Friday at 5pm?', 'Yes, 5pm works.', 'Thanks, see you then.']) {
    const socket = text.startsWith('Yes') ? bobSocket : annSocket;
    await emitAck(socket, 'message:send', { roomId, clientId: randomUUID(), text });
  }
  await emitAck(bobSocket, 'message:read', { roomId, seq: 1 });
});

afterAll(async () => {
  annSocket.close();
  bobSocket.close();
  await server.stop();
});

describe('GET /api/rooms/:id/export', () => {
  it('exports the record as JSON: every message, sent and first-viewed times, hashes, chain verdict', async () => {
    const res = await ann.agent.get(`/api/rooms/${roomId}/export?format=json`);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="parley-record-/);
    const record = res.body as RoomRecord;
    expect(record.chain).toMatchObject({ ok: true, count: 3 });
    expect(record.members.map((m) => m.displayName).sort()).toEqual(['Ann', 'Bob']);
    expect(record.messages.map((m) => [m.seq, m.sender.displayName, m.text])).toEqual([
      [1, 'Ann', 'Pickup Friday at 5pm?'],
      [2, 'Bob', 'Yes, 5pm works.'],
      [3, 'Ann', 'Thanks, see you then.'],
    ]);
    expect(record.messages[0]!.firstViewed).toEqual([
      { userId: bob.user.id, at: expect.stringMatching(/^\d{4}-/) },
    ]);
    expect(record.messages[2]!.firstViewed).toEqual([]);
    expect(record.messages.every((m) => /^[0-9a-f]{64}$/.test(m.hash))).toBe(true);
  });

  it('exports a PDF', async () => {
    const res = await bob.agent
      .get(`/api/rooms/${roomId}/export?format=pdf`)
      .buffer(true)
      .parse((response, callback) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => callback(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const body = res.body as Buffer;
    expect(body.subarray(0, 5).toString()).toBe('%PDF-');
    expect(body.subarray(-6).toString()).toContain('%%EOF');
  });

  it('reports a tampered record as broken in the export', async () => {
    await sql(
      server.database.url,
      `BEGIN; SET LOCAL session_replication_role = replica;
       UPDATE messages SET text = 'No.' WHERE room_id = '${roomId}' AND seq = 2; COMMIT;`,
    );
    const res = await ann.agent.get(`/api/rooms/${roomId}/export`);
    expect((res.body as RoomRecord).chain).toMatchObject({ ok: false, brokenAtSeq: 2 });
  });

  it('answers not_found to outsiders and validation_failed to unknown formats', async () => {
    expect((await carol.agent.get(`/api/rooms/${roomId}/export`)).status).toBe(404);
    const bad = await ann.agent.get(`/api/rooms/${roomId}/export?format=docx`);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: 'validation_failed' } });
  });
});
