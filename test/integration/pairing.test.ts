import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { tokenOf } from '../support/pairing.js';
import { connectSocket } from '../support/sockets.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { markEmailVerified, signUp, type SignedInUser } from '../support/users.js';

let server: TestServer;
let db: pg.Client;
let nextIp = 1;

beforeAll(async () => {
  // Trust X-Forwarded-For so each test user can come from an IP of its own
  // (the per-IP accept limit would otherwise be shared by the whole file).
  server = await startTestServer({ TRUST_PROXY: 'true' });
  db = new pg.Client({ connectionString: server.database.url });
  await db.connect();
});
afterAll(async () => {
  await db.end();
  await server.stop();
});

/** The ids of a listed collection. */
const idsOf = (list: unknown) => (list as { id: unknown }[]).map((x) => x.id);

async function user(displayName: string): Promise<SignedInUser> {
  const u = await signUp(server.url, { displayName });
  u.agent.set('X-Forwarded-For', `10.1.0.${nextIp++}`).set('User-Agent', `jest-${displayName}`);
  return u;
}

async function createPairing(u: SignedInUser, body: object = {}) {
  const res = await u.agent.post('/api/pairings').send(body);
  expect(res.status).toBe(201);
  return res.body.pairing as {
    id: number;
    code: string;
    inviteUrl: string;
    expiresAt: string;
    createdAt: string;
    status: string;
    inviteType: string;
  };
}

/** Everything the full story must leave behind, checked from both sides. */
async function expectPaired(a: SignedInUser, b: SignedInUser, roomId: string, pairingId: number) {
  for (const [me, other] of [
    [a, b],
    [b, a],
  ] as const) {
    const rooms = await me.agent.get('/api/rooms');
    expect(rooms.status).toBe(200);
    const listed = rooms.body.rooms as { id: string; members: { id: number; role: string }[] }[];
    expect(listed.map((r) => r.id)).toEqual([roomId]);
    const [room] = rooms.body.rooms;
    expect(listed[0]!.members.map((m) => [m.id, m.role])).toEqual([
      [a.user.id, 'owner'],
      [b.user.id, 'member'],
    ]);
    expect(room.name).toBe(`${a.user.displayName} & ${b.user.displayName}`);
    expect(typeof room.unreadCount).toBe('number');
    expect((await me.agent.get(`/api/rooms/${roomId}`)).body.room.id).toBe(roomId);

    const contacts = await me.agent.get('/api/contacts');
    expect(contacts.body.contacts).toEqual([
      expect.objectContaining({
        email: other.user.email,
        relationship: 'co-parent',
        linkedUserId: other.user.id,
        firstName: other.user.displayName,
      }),
    ]);
    const current = await me.agent.get('/api/pairings/current');
    expect(current.body.pairing).toMatchObject({
      id: pairingId,
      status: 'active',
      roomId,
      code: null,
      partner: { id: other.user.id, displayName: other.user.displayName },
      role: me === a ? 'initiator' : 'acceptor',
    });
  }
  const notes = await db.query(
    `SELECT user_id, type, related_id, related_type FROM notifications WHERE user_id = ANY($1) ORDER BY user_id`,
    [[a.user.id, b.user.id]],
  );
  expect(notes.rows).toEqual([
    { user_id: a.user.id, type: 'pairing_accepted', related_id: roomId, related_type: 'room' },
    { user_id: b.user.id, type: 'pairing_accepted', related_id: roomId, related_type: 'room' },
  ]);
  const audit = await db.query(
    `SELECT action, actor_user_id, ip, user_agent FROM pairing_audit_log WHERE pairing_id = $1 ORDER BY id`,
    [pairingId],
  );
  expect(audit.rows).toEqual([
    {
      action: 'created',
      actor_user_id: a.user.id,
      ip: expect.stringMatching(/^10\.1\.0\./),
      user_agent: `jest-${a.user.displayName}`,
    },
    {
      action: 'accepted',
      actor_user_id: b.user.id,
      ip: expect.stringMatching(/^10\.1\.0\./),
      user_agent: `jest-${b.user.displayName}`,
    },
  ]);
}

describe('the full pairing story', () => {
  it('by code: A creates, B accepts, both share one room, contacts, notifications, audit', async () => {
    const a = await user('Ann');
    const b = await user('Bob');
    const created = await createPairing(a);
    expect(created.code).toMatch(/^LZ-[0-9]{6}$/);
    expect(created.status).toBe('pending');
    expect(created.inviteType).toBe('code');
    expect(created.inviteUrl).toMatch(
      new RegExp(`^${server.ctx.publicUrl}/invite/[A-Za-z0-9_-]{43}$`),
    );
    // Default expiry: PAIRING_TTL_HOURS (7 days), counted by the database clock.
    expect(Date.parse(created.expiresAt) - Date.parse(created.createdAt)).toBe(168 * 3600 * 1000);

    // Only the token's SHA-256 is stored; the token itself is nowhere in the row.
    const token = tokenOf(created.inviteUrl);
    const raw = await db.query('SELECT * FROM pairing_sessions WHERE id = $1', [created.id]);
    expect(raw.rows[0].invite_token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(raw.rows[0])).not.toContain(token);

    const pending = await a.agent.get('/api/pairings/current');
    expect(pending.body.pairing).toMatchObject({
      id: created.id,
      status: 'pending',
      code: created.code,
      partner: null,
    });

    // Typed loosely, the way people type codes.
    const typed = `lz ${created.code.slice(3, 6)} ${created.code.slice(6)}`;
    const accepted = await b.agent.post('/api/pairings/accept').send({ code: typed });
    expect(accepted.status).toBe(200);
    expect(accepted.body.pairing).toMatchObject({
      id: created.id,
      status: 'active',
      role: 'acceptor',
    });
    const roomId = accepted.body.room.id as string;
    expect(accepted.body.pairing.roomId).toBe(roomId);
    await expectPaired(a, b, roomId, created.id);
  });

  it('by link: B accepts with the token from the invite URL', async () => {
    const a = await user('Cleo');
    const b = await user('Dan');
    const created = await createPairing(a);
    const accepted = await b.agent
      .post('/api/pairings/accept')
      .send({ token: tokenOf(created.inviteUrl) });
    expect(accepted.status).toBe(200);
    await expectPaired(a, b, accepted.body.room.id, created.id);
    const audit = await db.query(
      `SELECT details FROM pairing_audit_log WHERE pairing_id = $1 AND action = 'accepted'`,
      [created.id],
    );
    expect(audit.rows[0].details).toMatchObject({ via: 'token', reusedRoom: false });
  });

  it('by email invitation: bound to the invitee, who may use the code or the link', async () => {
    const a = await user('Eve');
    const b = await user('Finn');
    const created = await createPairing(a, { email: `  ${b.user.email.toUpperCase()} ` });
    expect(created.inviteType).toBe('email');
    const current = await a.agent.get('/api/pairings/current');
    expect(current.body.pairing.inviteeEmail).toBe(b.user.email);
    await markEmailVerified(server.database.url, b.user.id);
    const accepted = await b.agent.post('/api/pairings/accept').send({ code: created.code });
    expect(accepted.status).toBe(200);
    await expectPaired(a, b, accepted.body.room.id, created.id);
  });
});

describe('live sockets', () => {
  it("both parents' connected sockets are in the new room when accept answers", async () => {
    const a = await user('Sam');
    const b = await user('Tia');
    const sockets = await Promise.all([
      connectSocket(server.url, a.cookie),
      connectSocket(server.url, a.cookie),
      connectSocket(server.url, b.cookie),
    ]);
    try {
      const created = await createPairing(a);
      const accepted = await b.agent.post('/api/pairings/accept').send({ code: created.code });
      expect(accepted.status).toBe(200);
      const inRoom = await server.io.in(`room:${accepted.body.room.id}`).fetchSockets();
      expect(inRoom.map((s) => s.id).sort()).toEqual(sockets.map((s) => s.id).sort());

      // The room's record opens with a system message on the chain, seen live by both.
      const history = await a.agent.get(`/api/rooms/${accepted.body.room.id}/messages`);
      expect(history.body.messages).toEqual([
        expect.objectContaining({
          seq: 1,
          type: 'system',
          sender: expect.objectContaining({ id: b.user.id }),
        }),
      ]);
      expect((await a.agent.get(`/api/rooms/${accepted.body.room.id}/verify`)).body).toEqual({
        ok: true,
        count: 1,
      });
    } finally {
      for (const s of sockets) s.close();
    }
  });
});

describe('when both parents invited each other', () => {
  it('accepting either pairs them once: the other invitation is closed in the same transaction', async () => {
    const a = await user('Gia');
    const b = await user('Hal');
    const fromA = await createPairing(a);
    const fromB = await createPairing(b);
    const accepted = await b.agent.post('/api/pairings/accept').send({ code: fromA.code });
    expect(accepted.status).toBe(200);
    const roomId = accepted.body.room.id;

    const closed = await db.query(
      'SELECT status, canceled_at FROM pairing_sessions WHERE id = $1',
      [fromB.id],
    );
    expect(closed.rows[0].status).toBe('canceled');
    const audit = await db.query<{ action: string; details: unknown }>(
      `SELECT action, details FROM pairing_audit_log WHERE pairing_id = $1 ORDER BY id`,
      [fromB.id],
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['created', 'cancelled']);
    expect(audit.rows[1]!.details).toMatchObject({ reason: 'paired', pairingId: fromA.id });

    // A now tries B's code: already paired, pointed at the room they share.
    const again = await a.agent.post('/api/pairings/accept').send({ code: fromB.code });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'conflict', details: { roomId } });
    expect(again.body.error.message).toMatch(/already paired/);

    for (const u of [a, b]) {
      const rooms = await u.agent.get('/api/rooms');
      expect(idsOf(rooms.body.rooms)).toEqual([roomId]);
      const current = await u.agent.get('/api/pairings/current');
      expect(idsOf(current.body.pairings)).toEqual([fromA.id]);
    }
  });

  it('also when the invitations were sent by email', async () => {
    const a = await user('Ida');
    const b = await user('Jon');
    const fromA = await createPairing(a, { email: b.user.email });
    const fromB = await createPairing(b, { email: a.user.email });
    await markEmailVerified(server.database.url, a.user.id);
    const accepted = await a.agent
      .post('/api/pairings/accept')
      .send({ token: tokenOf(fromB.inviteUrl) });
    expect(accepted.status).toBe(200);
    const rows = await db.query(
      'SELECT id, status FROM pairing_sessions WHERE id = ANY($1) ORDER BY id',
      [[fromA.id, fromB.id]],
    );
    expect(rows.rows).toEqual([
      { id: fromA.id, status: 'canceled' },
      { id: fromB.id, status: 'active' },
    ]);
    const rooms = await db.query('SELECT count(*)::int AS n FROM room_members WHERE user_id = $1', [
      a.user.id,
    ]);
    expect(rooms.rows[0].n).toBe(1);
  });
});

describe('pairing again with the same co-parent', () => {
  it('reuses their room and keeps one contact each', async () => {
    const a = await user('Kim');
    const b = await user('Lou');
    const first = await createPairing(a);
    const r1 = await b.agent.post('/api/pairings/accept').send({ code: first.code });
    const second = await createPairing(b);
    const r2 = await a.agent.post('/api/pairings/accept').send({ code: second.code });
    expect(r2.status).toBe(200);
    expect(r2.body.room.id).toBe(r1.body.room.id);
    const audit = await db.query(
      `SELECT details FROM pairing_audit_log WHERE pairing_id = $1 AND action = 'accepted'`,
      [second.id],
    );
    expect(audit.rows[0].details).toMatchObject({ reusedRoom: true, roomId: r1.body.room.id });
    for (const u of [a, b]) {
      expect((await u.agent.get('/api/rooms')).body.rooms).toHaveLength(1);
      expect((await u.agent.get('/api/contacts')).body.contacts).toHaveLength(1);
    }
    const roomCount = await db.query(
      'SELECT count(*)::int AS n FROM rooms WHERE created_by = ANY($1)',
      [[a.user.id, b.user.id]],
    );
    expect(roomCount.rows[0].n).toBe(1);
  });

  it("keeps the names a parent already gave the co-parent's contact", async () => {
    const a = await user('Max');
    const b = await user('Nia');
    const own = await a.agent
      .post('/api/contacts')
      .send({ firstName: 'Nia (kids mum)', email: b.user.email, relationship: 'other' });
    expect(own.status).toBe(201);
    const created = await createPairing(a);
    expect((await b.agent.post('/api/pairings/accept').send({ code: created.code })).status).toBe(
      200,
    );
    const contacts = (await a.agent.get('/api/contacts')).body.contacts;
    expect(contacts).toEqual([
      expect.objectContaining({
        id: own.body.contact.id,
        firstName: 'Nia (kids mum)',
        relationship: 'co-parent',
        linkedUserId: b.user.id,
      }),
    ]);
  });
});

describe('concurrent accepts', () => {
  it('two people racing for one code: one pairs, the other gets 409', async () => {
    const a = await user('Race A');
    const b = await user('Race B');
    const c = await user('Race C');
    const created = await createPairing(a);
    const results = await Promise.all(
      [b, c].map((u) => u.agent.post('/api/pairings/accept').send({ code: created.code })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const rooms = await db.query('SELECT count(*)::int AS n FROM rooms WHERE created_by = $1', [
      a.user.id,
    ]);
    expect(rooms.rows[0].n).toBe(1);
  });

  it('both accepting each other’s code at once: one room, one pairing', async () => {
    const a = await user('Both A');
    const b = await user('Both B');
    const fromA = await createPairing(a);
    const fromB = await createPairing(b);
    const results = await Promise.all([
      b.agent.post('/api/pairings/accept').send({ code: fromA.code }),
      a.agent.post('/api/pairings/accept').send({ code: fromB.code }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const statuses = await db.query<{ status: string }>(
      'SELECT status FROM pairing_sessions WHERE id = ANY($1) ORDER BY status',
      [[fromA.id, fromB.id]],
    );
    expect(statuses.rows.map((r) => r.status)).toEqual(['active', 'canceled']);
    const rooms = await db.query('SELECT count(*)::int AS n FROM room_members WHERE user_id = $1', [
      a.user.id,
    ]);
    expect(rooms.rows[0].n).toBe(1);
  });
});

describe('cancel', () => {
  it('the initiator cancels a pending pairing; it leaves /current and the audit log says so', async () => {
    const a = await user('Ola');
    const created = await createPairing(a);
    const res = await a.agent.post(`/api/pairings/${created.id}/cancel`);
    expect(res.status).toBe(200);
    expect(res.body.pairing).toMatchObject({ id: created.id, status: 'canceled', code: null });
    expect((await a.agent.get('/api/pairings/current')).body).toEqual({
      pairing: null,
      pairings: [],
    });
    const audit = await db.query<{ action: string }>(
      'SELECT action FROM pairing_audit_log WHERE pairing_id = $1 ORDER BY id',
      [created.id],
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['created', 'cancelled']);
  });
});
