/**
 * Account deletion and the user's data export (issue 11; docs/security.md
 * "Retention"). Real server, real PostgreSQL, real sockets: the leaver's
 * personal data is planted with unique markers, then looked for in every
 * table after the deletion, while the co-parent keeps the whole record,
 * under a pseudonym, with its chain intact.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import type { MessageView } from '../../server/shared/socketEvents.js';
import { held } from '../support/couple.js';
import { pairUsers } from '../support/pairing.js';
import { sql } from '../support/rooms.js';
import { connectSocket, emitAck, until, type ClientSocket } from '../support/sockets.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { signUp, type SignedInUser } from '../support/users.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

const marker = (what: string) => `${what}${randomBytes(5).toString('hex')}`;
const HOSTILE = 'You are a useless idiot and you never pick her up on time!';

async function sendText(socket: ClientSocket, roomId: string, text: string) {
  const ack = await emitAck(socket, 'message:send', { roomId, clientId: randomUUID(), text });
  if (!ack.ok) throw new Error(`send failed: ${JSON.stringify(ack.error)}`);
  return ack;
}

/** Every row of every table in the test database, as text, with the table's name. */
async function everyRow(): Promise<{ table: string; row: string }[]> {
  const url = server.database.url;
  const tables = await sql<{ name: string }>(
    url,
    `SELECT quote_ident(table_name) AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
  );
  const all: { table: string; row: string }[] = [];
  for (const { name } of tables) {
    const rows = await sql<{ row: string }>(url, `SELECT t::text AS row FROM ${name} t`);
    for (const r of rows) all.push({ table: name, row: r.row });
  }
  return all;
}

/** Ann (who leaves) and Bob, paired over HTTP, with personal data planted in every corner. */
async function scene() {
  const name = marker('Annleaves');
  const lastName = marker('Lastname');
  const email = `${marker('ann')}@example.com`;
  const ann = await signUp(server.url, { displayName: name, email });
  const bob = await signUp(server.url, { displayName: marker('Bob') });
  const { roomId } = await pairUsers(ann, bob);
  const m = {
    health: marker('HEALTH'),
    childNotes: marker('CHILDNOTES'),
    contactPhone: marker('PHONE'),
    pushAgent: marker('PUSHUA'),
    privateTask: marker('PRIVTASK'),
    sharedTask: marker('SHAREDTASK'),
    annMessage: marker('ANNSAYS'),
    bobMessage: marker('BOBSAYS'),
    annHeld: marker('ANNHELD'),
    bobHeld: marker('BOBHELD'),
  };
  await sql(server.database.url, 'UPDATE users SET first_name = $2, last_name = $3 WHERE id = $1', [
    ann.user.id,
    name,
    lastName,
  ]);
  expect((await ann.agent.put('/api/profile/health').send({ mentalHealth: m.health })).status).toBe(
    200,
  );
  const child = await ann.agent.post('/api/contacts').send({
    firstName: 'Kid',
    relationship: 'child',
    phone: m.contactPhone,
    childHealthNotes: m.childNotes,
  });
  expect(child.status).toBe(201);
  await sql(
    server.database.url,
    `INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth, user_agent)
     VALUES ($1, $2, 'p256dh-key-material', 'auth-secret-material', $3)`,
    [ann.user.id, `https://push.example.com/${marker('ep')}`, m.pushAgent],
  );
  expect((await ann.agent.post('/api/tasks').send({ title: m.privateTask })).status).toBe(201);
  expect((await ann.agent.post('/api/tasks').send({ title: m.sharedTask, roomId })).status).toBe(
    201,
  );
  const pending = await ann.agent.post('/api/pairings').send({});
  expect(pending.status).toBe(201);

  const annSocket = await connectSocket(server.url, ann.cookie);
  const bobSocket = await connectSocket(server.url, bob.cookie);
  await sendText(annSocket, roomId, `Pickup is at 5pm on Friday. ${m.annMessage}`);
  await sendText(bobSocket, roomId, `Fine, 5pm works. ${m.bobMessage}`);
  held(await sendText(annSocket, roomId, `${HOSTILE} ${m.annHeld}`));
  held(await sendText(bobSocket, roomId, `${HOSTILE} ${m.bobHeld}`));
  return {
    ann,
    bob,
    roomId,
    name,
    lastName,
    email,
    m,
    pendingId: (pending.body as { pairing: { id: number } }).pairing.id,
    annSocket,
    bobSocket,
  };
}

type Scene = Awaited<ReturnType<typeof scene>>;

async function loginAgain(u: SignedInUser): Promise<string> {
  const res = await request(server.url)
    .post('/api/auth/login')
    .send({ email: u.user.email, password: u.password });
  expect(res.status).toBe(200);
  return (res.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; ');
}

describe('GET /api/account/export', () => {
  let s: Scene;
  let body: string;
  beforeAll(async () => {
    s = await scene();
    const res = await s.ann.agent.get('/api/account/export');
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="?parley-account-\d+-\d{4}-\d\d-\d\d\.json/,
    );
    expect(res.headers['cache-control']).toBe('no-store');
    body = res.text || JSON.stringify(res.body);
  });
  afterAll(() => {
    s.annSocket.close();
    s.bobSocket.close();
  });

  it('holds the account, decrypted profile and contacts, tasks, push and own messages', () => {
    const data = JSON.parse(body) as {
      format: string;
      account: { email: string; displayName: string };
      profile: { health: { mentalHealth: string } };
      contacts: { childHealthNotes: string | null; phone: string | null }[];
      tasks: { title: string }[];
      notifications: unknown[];
      pushSubscriptions: Record<string, unknown>[];
      messages: { text: string }[];
      mediation: { interventions: { originalText: string }[] };
    };
    expect(data.format).toBe('parley-account-export/1');
    expect(data.account).toMatchObject({ email: s.email, displayName: s.name });
    expect(data.profile.health.mentalHealth).toBe(s.m.health);
    expect(data.contacts.map((c) => c.childHealthNotes)).toContain(s.m.childNotes);
    expect(data.tasks.map((t) => t.title).sort()).toEqual([s.m.privateTask, s.m.sharedTask].sort());
    expect(data.notifications.length).toBeGreaterThan(0);
    expect(data.pushSubscriptions).toHaveLength(1);
    expect(data.pushSubscriptions[0]).toMatchObject({ userAgent: s.m.pushAgent });
    expect(data.messages.some((x) => x.text.includes(s.m.annMessage))).toBe(true);
    expect(data.mediation.interventions.map((i) => i.originalText)).toEqual([
      `${HOSTILE} ${s.m.annHeld}`,
    ]);
  });

  it('never holds the co-parent’s messages, held originals or push keys', () => {
    expect(body).not.toContain(s.m.bobMessage);
    expect(body).not.toContain(s.m.bobHeld);
    expect(body).not.toContain('p256dh-key-material');
    expect(body).not.toContain('auth-secret-material');
    expect(body).not.toMatch(/\$2[aby]\$/); // no bcrypt hash
  });

  it('needs a session', async () => {
    expect((await request(server.url).get('/api/account/export')).status).toBe(401);
  });
});

describe('DELETE /api/account', () => {
  let s: Scene;
  let pseudonym: string;
  let otherCookie: string;
  let annGone: { gone: boolean };

  beforeAll(async () => {
    s = await scene();
    otherCookie = await loginAgain(s.ann);
    annGone = { gone: false };
    s.annSocket.on('disconnect', () => {
      annGone.gone = true;
    });
  });
  afterAll(() => {
    s.annSocket.close();
    s.bobSocket.close();
  });

  it('refuses without the current password, or with a wrong one, and erases nothing', async () => {
    const none = await s.ann.agent.delete('/api/account').send({});
    expect(none.status).toBe(400);
    expect(none.body).toMatchObject({ error: { code: 'validation_failed' } });
    const wrong = await s.ann.agent.delete('/api/account').send({ password: 'not my password' });
    expect(wrong.status).toBe(400);
    const extra = await s.ann.agent
      .delete('/api/account')
      .send({ password: s.ann.password, also: 1 });
    expect(extra.status).toBe(400);
    expect((await s.ann.agent.get('/api/auth/me')).status).toBe(200);
    expect(s.annSocket.connected).toBe(true);
  });

  it('refuses a cross-site request', async () => {
    const res = await s.ann.agent
      .delete('/api/account')
      .set('Origin', 'https://evil.example')
      .send({ password: s.ann.password });
    expect(res.status).toBe(403);
    expect((await s.ann.agent.get('/api/auth/me')).status).toBe(200);
  });

  it('deletes with the password: every session and socket of the account ends', async () => {
    const res = await s.ann.agent.delete('/api/account').send({ password: s.ann.password });
    expect(res.status).toBe(200);
    pseudonym = (res.body as { pseudonym: string }).pseudonym;
    expect(pseudonym).toMatch(/^Former member [0-9a-f]{4}$/);
    await until(() => annGone.gone, 5000, 'the leaver’s socket to drop');
    expect((await s.ann.agent.get('/api/auth/me')).status).toBe(401);
    const other = await request(server.url).get('/api/auth/me').set('Cookie', otherCookie);
    expect(other.status).toBe(401);
    await expect(connectSocket(server.url, otherCookie)).rejects.toThrow('unauthorized');
  });

  it('the co-parent reads the whole history under the pseudonym, and the chain verifies', async () => {
    const res = await s.bob.agent.get(`/api/rooms/${s.roomId}/messages?limit=100`);
    expect(res.status).toBe(200);
    const messages = (res.body as { messages: MessageView[] }).messages;
    const annSaid = messages.find((x) => x.text.includes(s.m.annMessage));
    expect(annSaid?.sender).toEqual({ id: s.ann.user.id, displayName: pseudonym });
    expect(messages.some((x) => x.text.includes(s.m.bobMessage))).toBe(true);
    expect(JSON.stringify(messages)).not.toContain(s.name);
    const notice = messages.find((x) => x.type === 'system' && x.text.includes('deleted'));
    expect(notice?.text).toContain(pseudonym);
    const verify = await s.bob.agent.get(`/api/rooms/${s.roomId}/verify`);
    expect(verify.body).toMatchObject({ ok: true, count: messages.length });
  });

  it('the co-parent’s exports (JSON and PDF) and room list carry the pseudonym only', async () => {
    const json = await s.bob.agent.get(`/api/rooms/${s.roomId}/export?format=json`);
    expect(json.status).toBe(200);
    const text = json.text || JSON.stringify(json.body);
    expect(text).toContain(pseudonym);
    expect(text).toContain(s.m.annMessage);
    expect(text).not.toContain(s.name);
    const rooms = await s.bob.agent.get('/api/rooms');
    expect(JSON.stringify(rooms.body)).not.toContain(s.name);
    const pdf = await s.bob.agent
      .get(`/api/rooms/${s.roomId}/export?format=pdf`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(pdf.status).toBe(200);
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('the co-parent is notified, and the pending invitation is cancelled', async () => {
    const res = await s.bob.agent.get('/api/notifications');
    const titles = (res.body as { notifications: { title: string; body: string | null }[] })
      .notifications;
    expect(titles.map((n) => n.title)).toContain('Your co-parent deleted their Parley account');
    expect(JSON.stringify(titles)).not.toContain(s.name);
    const [pending] = await sql<{ status: string }>(
      server.database.url,
      'SELECT status FROM pairing_sessions WHERE id = $1',
      [s.pendingId],
    );
    expect(pending?.status).toBe('canceled');
  });

  it('leaves no trace of the personal markers, name or email in any table', async () => {
    const personal = [
      s.name,
      s.lastName,
      s.email,
      s.m.contactPhone,
      s.m.pushAgent,
      s.m.privateTask,
      s.m.annHeld,
    ];
    const rows = await everyRow();
    const leaks = rows.filter((r) => personal.some((p) => r.row.includes(p)));
    expect(leaks).toEqual([]);
    const url = server.database.url;
    for (const table of [
      'user_demographics',
      'user_health_context',
      'contacts',
      'push_subscriptions',
      'notifications',
      'auth_tokens',
      'communication_triggers',
      'communication_profiles',
      'intervention_rewrites',
      'intervention_statistics',
      'room_members',
    ]) {
      const [count] = await sql<{ n: number }>(
        url,
        `SELECT count(*)::int AS n FROM ${table} WHERE user_id = $1`,
        [s.ann.user.id],
      );
      expect({ table, n: count?.n }).toEqual({ table, n: 0 });
    }
    const sessions = await sql(url, `SELECT 1 FROM session WHERE sess->>'userId' = $1`, [
      String(s.ann.user.id),
    ]);
    expect(sessions).toHaveLength(0);
    const [tomb] = await sql<Record<string, unknown>>(url, 'SELECT * FROM users WHERE id = $1', [
      s.ann.user.id,
    ]);
    expect(tomb).toMatchObject({
      display_name: pseudonym,
      password_hash: null,
      google_id: null,
      first_name: null,
      last_name: null,
    });
    expect(tomb?.deleted_at).toBeInstanceOf(Date);
    // What stays: the shared record (her messages, the shared task).
    expect(rows.some((r) => r.table === 'messages' && r.row.includes(s.m.annMessage))).toBe(true);
    expect(rows.some((r) => r.table === 'tasks' && r.row.includes(s.m.sharedTask))).toBe(true);
  });

  it('the address can sign up again, as a new account that sees nothing of the old one', async () => {
    // (After the scan above: a login attempt leaves its own expiring counter keyed by the address.)
    const login = await request(server.url)
      .post('/api/auth/login')
      .send({ email: s.email, password: s.ann.password });
    expect(login.status).toBe(401);
    const again = await signUp(server.url, { email: s.email, displayName: 'Ann again' });
    expect(again.user.id).not.toBe(s.ann.user.id);
    const rooms = await again.agent.get('/api/rooms');
    expect((rooms.body as { rooms: unknown[] }).rooms).toEqual([]);
    const history = await again.agent.get(`/api/rooms/${s.roomId}/messages`);
    expect(history.status).toBe(404);
  });

  it('a second delete of the same session is refused (the session is gone)', async () => {
    const res = await s.ann.agent.delete('/api/account').send({ password: s.ann.password });
    expect(res.status).toBe(401);
  });
});

describe('an account without a password', () => {
  it('must have signed in recently to delete', async () => {
    const u = await signUp(server.url, { displayName: marker('Gina') });
    await sql(server.database.url, 'UPDATE users SET password_hash = NULL WHERE id = $1', [
      u.user.id,
    ]);
    // A session from before "recent": its sign-in time moved back an hour.
    await sql(
      server.database.url,
      `UPDATE session SET sess = jsonb_set(sess::jsonb, '{signedInAt}', to_jsonb((extract(epoch FROM now()) * 1000 - 3600000)::bigint))::json
        WHERE sess->>'userId' = $1`,
      [String(u.user.id)],
    );
    const stale = await u.agent.delete('/api/account').send({});
    expect(stale.status).toBe(403);
    expect(stale.body).toMatchObject({ error: { details: { reason: 'reauthenticate' } } });
    await sql(
      server.database.url,
      `UPDATE session SET sess = jsonb_set(sess::jsonb, '{signedInAt}', to_jsonb((extract(epoch FROM now()) * 1000)::bigint))::json
        WHERE sess->>'userId' = $1`,
      [String(u.user.id)],
    );
    const fresh = await u.agent.delete('/api/account').send({});
    expect(fresh.status).toBe(200);
  });
});
