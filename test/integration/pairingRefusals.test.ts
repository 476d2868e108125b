import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { FAILURES_PER_IP } from '../../server/pairing/attemptLimits.js';
import { tokenOf } from '../support/pairing.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { markEmailVerified, signUp, type SignedInUser } from '../support/users.js';

let server: TestServer;
let db: pg.Client;
let nextIp = 1;

beforeAll(async () => {
  server = await startTestServer({ TRUST_PROXY: 'true' });
  db = new pg.Client({ connectionString: server.database.url });
  await db.connect();
});
afterAll(async () => {
  await db.end();
  await server.stop();
});

/** A signed-in user coming from an IP of its own unless one is given. */
async function user(name: string, ip = `10.2.0.${nextIp++}`): Promise<SignedInUser> {
  const u = await signUp(server.url, { displayName: name });
  u.agent.set('X-Forwarded-For', ip);
  return u;
}

async function create(u: SignedInUser, body: object = {}) {
  const res = await u.agent.post('/api/pairings').send(body);
  expect(res.status).toBe(201);
  return res.body.pairing as { id: number; code: string; inviteUrl: string };
}

const accept = (u: SignedInUser, body: object) => u.agent.post('/api/pairings/accept').send(body);

/** A well-formed code no pairing in this database holds. */
async function unusedCode(): Promise<string> {
  for (;;) {
    const code = `LZ-${randomBytes(3).readUIntBE(0, 3).toString().slice(-6).padStart(6, '0')}`;
    const { rowCount } = await db.query('SELECT 1 FROM pairing_sessions WHERE pairing_code = $1', [
      code,
    ]);
    if (rowCount === 0) return code;
  }
}

async function auditActions(pairingId: number): Promise<string[]> {
  const { rows } = await db.query(
    'SELECT action FROM pairing_audit_log WHERE pairing_id = $1 ORDER BY id',
    [pairingId],
  );
  return rows.map((r) => r.action as string);
}

describe('accept refusals, each with its code', () => {
  it('an unknown code or token: 404 not_found, audited as a failed attempt', async () => {
    const c = await user('Guesser');
    const byCode = await accept(c, { code: await unusedCode() });
    expect(byCode.status).toBe(404);
    expect(byCode.body.error.code).toBe('not_found');
    const byToken = await accept(c, { token: randomBytes(32).toString('base64url') });
    expect(byToken.status).toBe(404);
    const { rows } = await db.query(
      `SELECT action, pairing_id, details FROM pairing_audit_log WHERE actor_user_id = $1 ORDER BY id`,
      [c.user.id],
    );
    expect(rows).toEqual([
      {
        action: 'failed_attempt',
        pairing_id: null,
        details: { reason: 'unknown_code', via: 'code' },
      },
      {
        action: 'failed_attempt',
        pairing_id: null,
        details: { reason: 'unknown_token', via: 'token' },
      },
    ]);
  });

  it('malformed input: 400 validation_failed (neither, both, bad code, bad token, extra field)', async () => {
    const c = await user('Typo');
    for (const body of [
      {},
      { code: 'LZ-123456', token: randomBytes(32).toString('base64url') },
      { code: 'AB-12' },
      { token: 'short' },
      { code: 'LZ-123456', extra: 1 },
    ]) {
      const res = await accept(c, body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
  });

  it('by its own initiator: 403 forbidden', async () => {
    const a = await user('Self');
    const p = await create(a);
    for (const body of [{ code: p.code }, { token: tokenOf(p.inviteUrl) }]) {
      const res = await accept(a, body);
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({
        code: 'forbidden',
        message: expect.stringMatching(/your own/),
      });
    }
    expect(
      (await db.query('SELECT status FROM pairing_sessions WHERE id = $1', [p.id])).rows[0].status,
    ).toBe('pending');
  });

  it('twice: 409 conflict, for the acceptor and for anyone else', async () => {
    const a = await user('Twice A');
    const b = await user('Twice B');
    const c = await user('Twice C');
    const p = await create(a);
    const first = await accept(b, { code: p.code });
    expect(first.status).toBe(200);
    const again = await accept(b, { token: tokenOf(p.inviteUrl) });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      code: 'conflict',
      message: 'You already accepted this invitation',
      details: { roomId: first.body.room.id },
    });
    const other = await accept(c, { token: tokenOf(p.inviteUrl) });
    expect(other.status).toBe(409);
    expect(other.body.error).toEqual({
      code: 'conflict',
      message: 'This invitation has already been accepted',
    });
  });

  it('after cancel: 409 conflict', async () => {
    const a = await user('Cancel A');
    const b = await user('Cancel B');
    const p = await create(a);
    expect((await a.agent.post(`/api/pairings/${p.id}/cancel`)).status).toBe(200);
    for (const body of [{ code: p.code }, { token: tokenOf(p.inviteUrl) }]) {
      const res = await accept(b, body);
      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(/cancelled/);
    }
    expect(await auditActions(p.id)).toEqual([
      'created',
      'cancelled',
      'failed_attempt',
      'failed_attempt',
    ]);
  });

  it('an email invitation used by a different account: 403 forbidden', async () => {
    const a = await user('Mail A');
    const b = await user('Mail B');
    const c = await user('Mail C');
    const p = await create(a, { email: b.user.email });
    for (const body of [{ code: p.code }, { token: tokenOf(p.inviteUrl) }]) {
      const res = await accept(c, body);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/different email/);
    }
    await markEmailVerified(server.database.url, b.user.id);
    expect((await accept(b, { code: p.code })).status).toBe(200);
  });

  it('creating: inviting oneself is 400; a sixth open invitation is 409', async () => {
    const a = await user('Hoarder');
    const self = await a.agent.post('/api/pairings').send({ email: a.user.email });
    expect(self.status).toBe(400);
    expect((await a.agent.post('/api/pairings').send({ email: 'not-an-email' })).status).toBe(400);
    for (let i = 0; i < 5; i++) await create(a);
    const sixth = await a.agent.post('/api/pairings').send({});
    expect(sixth.status).toBe(409);
  });
});

describe('expiry without any background job', () => {
  it('reads expired in /current, refuses accept with 409, then records the expiry', async () => {
    const a = await user('Late A');
    const b = await user('Late B');
    const p = await create(a);
    await db.query(
      `UPDATE pairing_sessions SET created_at = now() - interval '8 days', expires_at = now() - interval '1 day' WHERE id = $1`,
      [p.id],
    );
    const current = await a.agent.get('/api/pairings/current');
    expect(current.body.pairing).toMatchObject({ id: p.id, status: 'expired', code: null });
    const stored = await db.query('SELECT status FROM pairing_sessions WHERE id = $1', [p.id]);
    expect(stored.rows[0].status).toBe('pending'); // nothing rewrote it

    const res = await accept(b, { code: p.code });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({
      code: 'conflict',
      details: { expiresAt: expect.any(String) },
    });
    expect(res.body.error.message).toMatch(/expired on/);
    expect(
      (await db.query('SELECT status FROM pairing_sessions WHERE id = $1', [p.id])).rows[0].status,
    ).toBe('expired');
    expect(await auditActions(p.id)).toEqual(['created', 'expired']);
    // Once marked, it leaves the live list like a cancelled one; a retry is still refused.
    expect((await a.agent.get('/api/pairings/current')).body.pairings).toEqual([]);
    expect((await accept(b, { token: tokenOf(p.inviteUrl) })).status).toBe(409);
  });

  it('an expired pairing cannot be cancelled either', async () => {
    const a = await user('Late C');
    const p = await create(a);
    await db.query(
      `UPDATE pairing_sessions SET created_at = now() - interval '8 days', expires_at = now() - interval '1 second' WHERE id = $1`,
      [p.id],
    );
    const res = await a.agent.post(`/api/pairings/${p.id}/cancel`);
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/expired/);
  });
});

describe('cancel refusals', () => {
  it('twice or after accept: 409; by anyone but the initiator: 404; bad id: 400', async () => {
    const a = await user('Cx A');
    const b = await user('Cx B');
    const pending = await create(a);
    expect((await b.agent.post(`/api/pairings/${pending.id}/cancel`)).status).toBe(404);
    expect((await a.agent.post(`/api/pairings/${pending.id}/cancel`)).status).toBe(200);
    expect((await a.agent.post(`/api/pairings/${pending.id}/cancel`)).status).toBe(409);
    const accepted = await create(a);
    expect((await accept(b, { code: accepted.code })).status).toBe(200);
    expect((await a.agent.post(`/api/pairings/${accepted.id}/cancel`)).status).toBe(409);
    expect((await b.agent.post(`/api/pairings/${accepted.id}/cancel`)).status).toBe(404);
    expect((await a.agent.post('/api/pairings/999999/cancel')).status).toBe(404);
    expect((await a.agent.post('/api/pairings/abc/cancel')).status).toBe(400);
  });
});

describe('a failure in the middle of accept', () => {
  async function expectNothingDone(a: SignedInUser, b: SignedInUser, pairingId: number) {
    const p = await db.query(
      'SELECT status, parent_b_id, shared_room_id, accepted_at FROM pairing_sessions WHERE id = $1',
      [pairingId],
    );
    expect(p.rows[0]).toEqual({
      status: 'pending',
      parent_b_id: null,
      shared_room_id: null,
      accepted_at: null,
    });
    const counts = await db.query(
      `SELECT (SELECT count(*) FROM rooms WHERE created_by = ANY($1))::int AS rooms,
              (SELECT count(*) FROM room_members WHERE user_id = ANY($1))::int AS members,
              (SELECT count(*) FROM contacts WHERE user_id = ANY($1))::int AS contacts,
              (SELECT count(*) FROM notifications WHERE user_id = ANY($1))::int AS notifications,
              (SELECT count(*) FROM pairing_audit_log WHERE pairing_id = $2 AND action = 'accepted')::int AS accepted`,
      [[a.user.id, b.user.id], pairingId],
    );
    expect(counts.rows[0]).toEqual({
      rooms: 0,
      members: 0,
      contacts: 0,
      notifications: 0,
      accepted: 0,
    });
    expect((await b.agent.get('/api/rooms')).body.rooms).toEqual([]);
  }

  // A trigger on this file's own database makes one insert of the accept fail.
  async function failingInsertsInto<T>(table: string, fn: () => Promise<T>): Promise<T> {
    await db.query(`CREATE FUNCTION test_forced_failure() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'forced failure'; END $$`);
    await db.query(
      `CREATE TRIGGER test_forced_failure BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION test_forced_failure()`,
    );
    try {
      return await fn();
    } finally {
      await db.query(`DROP TRIGGER test_forced_failure ON ${table}`);
      await db.query('DROP FUNCTION test_forced_failure()');
    }
  }

  it.each(['rooms', 'notifications'])(
    'an insert into %s failing leaves the pairing pending and no room; a retry then succeeds',
    async (table) => {
      const a = await user(`Fail A ${table}`);
      const b = await user(`Fail B ${table}`);
      const p = await create(a);
      const res = await failingInsertsInto(table, () => accept(b, { code: p.code }));
      expect(res.status).toBe(500);
      expect(res.body.error).toEqual({
        code: 'internal',
        message: 'Something went wrong on our side',
      });
      await expectNothingDone(a, b, p.id);
      const retry = await accept(b, { code: p.code });
      expect(retry.status).toBe(200);
      expect((await b.agent.get('/api/rooms')).body.rooms).toHaveLength(1);
    },
  );
});

describe('code guessing', () => {
  it('the 11th wrong code within the hour from one user answers 429, audited; even a right code then waits', async () => {
    const guesser = await user('Guesser user');
    const a = await user('Target');
    const real = await create(a);
    for (let i = 0; i < 10; i++) {
      const res = await accept(guesser, { code: await unusedCode() });
      expect(res.status).toBe(404);
    }
    const eleventh = await accept(guesser, { code: await unusedCode() });
    expect(eleventh.status).toBe(429);
    expect(eleventh.body.error.code).toBe('rate_limited');
    expect(Number(eleventh.headers['retry-after'])).toBeGreaterThan(0);
    const right = await accept(guesser, { code: real.code });
    expect(right.status).toBe(429);

    const { rows } = await db.query(
      `SELECT action, details->>'reason' AS reason, details->>'limit' AS "limit", ip
         FROM pairing_audit_log WHERE actor_user_id = $1 ORDER BY id`,
      [guesser.user.id],
    );
    expect(
      rows.slice(0, 10).every((r) => r.action === 'failed_attempt' && r.reason === 'unknown_code'),
    ).toBe(true);
    expect(rows.slice(10)).toEqual([
      { action: 'failed_attempt', reason: 'rate_limited', limit: 'user', ip: rows[0].ip },
      { action: 'failed_attempt', reason: 'rate_limited', limit: 'user', ip: rows[0].ip },
    ]);
    expect(await auditActions(real.id)).toEqual(['created']);
  });

  it('the limit also holds per IP, across accounts', async () => {
    const ip = '10.9.9.9';
    for (let i = 0; i < FAILURES_PER_IP; i++) {
      const u = await user(`Sybil ${i}`, ip);
      expect((await accept(u, { code: await unusedCode() })).status).toBe(404);
    }
    const fresh = await user('Sybil last', ip);
    const res = await accept(fresh, { code: await unusedCode() });
    expect(res.status).toBe(429);
    const { rows } = await db.query(
      `SELECT details->>'limit' AS "limit", ip FROM pairing_audit_log WHERE actor_user_id = $1`,
      [fresh.user.id],
    );
    expect(rows).toEqual([{ limit: 'ip', ip }]);
  });
});
