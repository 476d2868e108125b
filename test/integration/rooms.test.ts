import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { pairUsers } from '../support/pairing.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { signUp, type SignedInUser } from '../support/users.js';

let server: TestServer;
let db: pg.Client;
let ann: SignedInUser;
let bob: SignedInUser;
let roomId: string;

beforeAll(async () => {
  server = await startTestServer();
  db = new pg.Client({ connectionString: server.database.url });
  await db.connect();
  ann = await signUp(server.url, { displayName: 'Ann' });
  bob = await signUp(server.url, { displayName: 'Bob' });
  ({ roomId } = await pairUsers(ann, bob));
});
afterAll(async () => {
  await db.end();
  await server.stop();
});

/** Appends a message straight into the table, the way the send path lays it down. */
async function insertMessage(senderId: number, text: string): Promise<number> {
  const { rows } = await db.query(
    `WITH head AS (UPDATE rooms SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq)
     INSERT INTO messages (room_id, seq, sender_id, client_id, text, created_at, hash)
     SELECT $1, head.last_seq, $2, $3, $4, now(), $5 FROM head RETURNING seq`,
    [roomId, senderId, `c-${text}`, text, createHash('sha256').update(text).digest('hex')],
  );
  return rows[0].seq as number;
}

describe('GET /api/rooms', () => {
  it('shows the last message and counts only the others’ messages after my read mark', async () => {
    const before = (await ann.agent.get('/api/rooms')).body.rooms[0];
    await insertMessage(bob.user.id, 'hello from bob');
    await insertMessage(bob.user.id, 'pickup at 5?');
    const last = await insertMessage(ann.user.id, 'yes, 5 works');

    const forAnn = (await ann.agent.get('/api/rooms')).body.rooms[0];
    expect(forAnn.unreadCount).toBe(before.unreadCount + 2);
    expect(forAnn.lastMessage).toMatchObject({
      roomId,
      seq: last,
      text: 'yes, 5 works',
      sender: { id: ann.user.id, displayName: 'Ann' },
      type: 'user',
    });
    expect(forAnn.lastSeq).toBe(last);
    const forBob = (await bob.agent.get(`/api/rooms/${roomId}`)).body.room;
    expect(forBob.role).toBe('member');
    expect(forBob.lastMessage.seq).toBe(last);

    await db.query(
      'UPDATE room_members SET last_read_seq = $3 WHERE room_id = $1 AND user_id = $2',
      [roomId, ann.user.id, last],
    );
    const read = (await ann.agent.get(`/api/rooms/${roomId}`)).body.room;
    expect(read).toMatchObject({ unreadCount: 0, lastReadSeq: last, role: 'owner' });
  });

  it('answers 404 for a room id that does not exist and 400 for one that is not an id', async () => {
    const missing = await ann.agent.get('/api/rooms/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
    expect((await ann.agent.get('/api/rooms/not-a-uuid')).status).toBe(400);
  });

  it('a user with no rooms sees an empty list', async () => {
    const lone = await signUp(server.url);
    expect((await lone.agent.get('/api/rooms')).body).toEqual({ rooms: [] });
  });
});
