import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type TestAgent from 'supertest/lib/agent.js';
import { createApp } from '../../server/app.js';
import { SPA_ROUTES } from '../../server/clientStatic.js';
import type { InvitationMailer } from '../../server/professionals/invitationMailer.js';
import type { GrantView } from '../../server/professionals/presenter.js';
import { listRoutes } from '../support/routeTable.js';
import { createRoom, sql } from '../support/rooms.js';
import { connectSocket, emitAck, emitRaw } from '../support/sockets.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { markEmailVerified, signUp, type SignedInUser } from '../support/users.js';

/**
 * Professional access, end to end, and the authorization matrix of every
 * REST route and socket event for the professional role: reads only on the
 * granted room and only while the grant lives; every write refused.
 */
let server: TestServer;
let ann: SignedInUser;
let bob: SignedInUser;
let lawyer: SignedInUser;
let roomId: string;
let otherRoomId: string;
let grant: GrantView;
const invitations: { to: string; link: string }[] = [];

const mailer: InvitationMailer = {
  sendInvitationEmail(to, link) {
    invitations.push({ to, link });
    return Promise.resolve();
  },
};

const tokenOf = (link: string) => link.split('/professional-invite/')[1]!;

async function invite(
  by: SignedInUser,
  email: string,
  days = 30,
): Promise<{ grant: GrantView; token: string }> {
  const res = await by.agent
    .post(`/api/rooms/${roomId}/professionals`)
    .send({ email, name: 'Lee Lawyer', role: 'lawyer', days });
  expect(res.status).toBe(201);
  return {
    grant: (res.body as { grant: GrantView }).grant,
    token: tokenOf(invitations.at(-1)!.link),
  };
}

async function counts() {
  const [row] = await sql<{ messages: string; receipts: string; threads: string; tasks: string }>(
    server.database.url,
    `SELECT (SELECT count(*) FROM messages) AS messages,
            (SELECT count(*) FROM message_receipts) AS receipts,
            (SELECT string_agg(title || is_archived::text, ',' ORDER BY id) FROM threads) AS threads,
            (SELECT count(*) FROM tasks) AS tasks`,
  );
  return row;
}

beforeAll(async () => {
  server = await startTestServer({}, { services: { invitationMailer: mailer } });
  [ann, bob, lawyer] = await Promise.all([
    signUp(server.url, { displayName: 'Ann' }),
    signUp(server.url, { displayName: 'Bob' }),
    signUp(server.url, {
      displayName: 'Lee',
      email: `lee-${randomUUID().slice(0, 8)}@law.example`,
    }),
  ]);
  // Invitations bind to an address: the lawyer has proven theirs.
  await markEmailVerified(server.database.url, lawyer.user.id);
  roomId = await createRoom(server.database.url, [ann.user.id, bob.user.id]);
  otherRoomId = await createRoom(server.database.url, [ann.user.id, bob.user.id]);
  const socket = await connectSocket(server.url, ann.cookie);
  for (const rid of [roomId, otherRoomId]) {
    await emitAck(socket, 'message:send', {
      roomId: rid,
      clientId: randomUUID(),
      text: 'Pickup Friday at 5pm?',
    });
  }
  socket.close();
});

afterAll(async () => {
  await server.stop();
});

describe('inviting, accepting, seeing, revoking', () => {
  it('a parent invites by email; the link goes to the mailer, never into the API answer', async () => {
    const res = await ann.agent.post(`/api/rooms/${roomId}/professionals`).send({
      email: lawyer.user.email.toUpperCase(),
      name: 'Lee Lawyer',
      role: 'lawyer',
      days: 30,
    });
    expect(res.status).toBe(201);
    grant = (res.body as { grant: GrantView }).grant;
    expect(grant).toMatchObject({
      status: 'invited',
      email: lawyer.user.email,
      invitedBy: { id: ann.user.id },
    });
    expect(JSON.stringify(res.body)).not.toContain(tokenOf(invitations.at(-1)!.link));
    expect(invitations.at(-1)!.to).toBe(lawyer.user.email);
  });

  it('the other parent is notified and sees the grant', async () => {
    // Through the outbox: it arrives once the worker has run.
    let bodies = '';
    await until(async () => {
      bodies = JSON.stringify((await bob.agent.get('/api/notifications')).body);
      return bodies.includes('invited Lee Lawyer (lawyer)');
    });
    expect(bodies).toContain('invited Lee Lawyer (lawyer)');
    const list = await bob.agent.get(`/api/rooms/${roomId}/professionals`);
    expect(list.body).toMatchObject({ grants: [{ id: grant.id, status: 'invited' }] });
  });

  it('only the invited address can accept, once', async () => {
    const token = tokenOf(invitations.at(-1)!.link);
    const stranger = await signUp(server.url);
    const wrong = await stranger.agent.post('/api/professional-invitations/accept').send({ token });
    expect(wrong.status).toBe(403);
    const ok = await lawyer.agent.post('/api/professional-invitations/accept').send({ token });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ grant: { status: 'active' } });
    const again = await lawyer.agent.post('/api/professional-invitations/accept').send({ token });
    expect(again.status).toBe(404);
    const mine = await lawyer.agent.get('/api/professional/rooms');
    expect(mine.body).toMatchObject({ grants: [{ roomId, status: 'active' }] });
  });

  it('refuses a parent of the room as its professional, and anyone who is not a parent inviting', async () => {
    const parent = await ann.agent
      .post(`/api/rooms/${roomId}/professionals`)
      .send({ email: bob.user.email, name: 'Bob', role: 'other' });
    expect(parent.status).toBe(409);
    const outsider = await lawyer.agent
      .post(`/api/rooms/${roomId}/professionals`)
      .send({ email: 'x@example.com', name: 'X', role: 'mediator' });
    expect(outsider.status).toBe(404);
  });
});

interface Row {
  /** What the professional gets: a read of the granted room, or a refusal. */
  kind: 'read' | 'refused' | 'own';
  status: number | number[];
  call(agent: TestAgent, room: string): Promise<{ status: number }>;
}

// One row per route. `read`: 200 on the granted room, 404 on any other.
// `refused`: never allowed for a professional. `own`: the caller's own account.
const ROWS: Record<string, Row> = {
  'GET /.well-known/parley-record-key': {
    kind: 'own',
    status: 200,
    call: (a) => a.get('/.well-known/parley-record-key'),
  },
  'GET /api/rooms/:id/messages': {
    kind: 'read',
    status: 200,
    call: (a, r) => a.get(`/api/rooms/${r}/messages`),
  },
  'GET /api/rooms/:id/search': {
    kind: 'read',
    status: 200,
    call: (a, r) => a.get(`/api/rooms/${r}/search?q=pickup`),
  },
  'GET /api/rooms/:id/threads': {
    kind: 'read',
    status: 200,
    call: (a, r) => a.get(`/api/rooms/${r}/threads`),
  },
  'GET /api/rooms/:id/verify': {
    kind: 'read',
    status: 200,
    call: (a, r) => a.get(`/api/rooms/${r}/verify`),
  },
  'GET /api/rooms/:id/export': {
    kind: 'read',
    status: 200,
    call: (a, r) => a.get(`/api/rooms/${r}/export?format=pdf`),
  },
  'GET /api/rooms/:id/mediation-record': {
    kind: 'refused',
    status: 404,
    call: (a, r) => a.get(`/api/rooms/${r}/mediation-record`),
  },
  'PATCH /api/threads/:id': {
    kind: 'refused',
    status: 404,
    call: async (a, r) => {
      const [t] = await sql<{ id: string }>(
        server.database.url,
        'SELECT id FROM threads WHERE room_id = $1 LIMIT 1',
        [r],
      );
      return a.patch(`/api/threads/${t!.id}`).send({ title: 'Renamed by the lawyer' });
    },
  },
  'POST /api/rooms/:id/professionals': {
    kind: 'refused',
    status: 404,
    call: (a, r) =>
      a
        .post(`/api/rooms/${r}/professionals`)
        .send({ email: 'y@example.com', name: 'Y', role: 'mediator' }),
  },
  'GET /api/rooms/:id/professionals': {
    kind: 'refused',
    status: 404,
    call: (a, r) => a.get(`/api/rooms/${r}/professionals`),
  },
  'POST /api/rooms/:id/professionals/:grantId/revoke': {
    kind: 'refused',
    status: 404,
    call: (a, r) => a.post(`/api/rooms/${r}/professionals/${grant.id}/revoke`),
  },
  'GET /api/rooms/:id/access-log': {
    kind: 'refused',
    status: 404,
    call: (a, r) => a.get(`/api/rooms/${r}/access-log`),
  },
  'GET /api/rooms/:id': { kind: 'refused', status: 404, call: (a, r) => a.get(`/api/rooms/${r}`) },
  'GET /api/rooms/': { kind: 'own', status: 200, call: (a) => a.get('/api/rooms') },
  'POST /api/tasks/': {
    kind: 'refused',
    status: 404,
    call: (a, r) => a.post('/api/tasks').send({ title: 'Lawyer task', roomId: r }),
  },
  'GET /api/tasks/': {
    kind: 'refused',
    status: [200, 404],
    call: (a, r) => a.get(`/api/tasks?roomId=${r}`),
  },
  'GET /api/tasks/:id': { kind: 'refused', status: 404, call: (a) => a.get('/api/tasks/999999') },
  'PATCH /api/tasks/:id': {
    kind: 'refused',
    status: 404,
    call: (a) => a.patch('/api/tasks/999999').send({ title: 'x' }),
  },
  'DELETE /api/tasks/:id': {
    kind: 'refused',
    status: 404,
    call: (a) => a.delete('/api/tasks/999999'),
  },
  'POST /api/professional-invitations/accept': {
    kind: 'own',
    status: 404,
    call: (a) => a.post('/api/professional-invitations/accept').send({ token: 'A'.repeat(43) }),
  },
  'GET /api/professional/rooms': {
    kind: 'own',
    status: 200,
    call: (a) => a.get('/api/professional/rooms'),
  },
  'POST /api/auth/signup': {
    kind: 'own',
    status: 201,
    call: (a) =>
      a.post('/api/auth/signup').send({
        email: `z-${randomUUID()}@example.com`,
        password: 'correct horse battery',
        displayName: 'Z',
      }),
  },
  'POST /api/auth/login': {
    kind: 'own',
    status: 401,
    call: (a) =>
      a.post('/api/auth/login').send({ email: 'nobody@example.com', password: 'wrong password 1' }),
  },
  'POST /api/auth/logout': {
    kind: 'own',
    status: [200, 204],
    call: (a) => a.post('/api/auth/logout'),
  },
  'POST /api/auth/verify-email': {
    kind: 'own',
    status: 400,
    call: (a) => a.post('/api/auth/verify-email').send({ token: 'A'.repeat(43) }),
  },
  'POST /api/auth/verify-email/resend': {
    kind: 'own',
    status: 202,
    call: (a) => a.post('/api/auth/verify-email/resend').send({}),
  },
  'POST /api/auth/password-reset': {
    kind: 'own',
    status: 202,
    call: (a) => a.post('/api/auth/password-reset').send({ email: 'nobody@example.com' }),
  },
  'POST /api/auth/password-reset/confirm': {
    kind: 'own',
    status: 400,
    call: (a) =>
      a
        .post('/api/auth/password-reset/confirm')
        .send({ token: 'A'.repeat(43), password: 'long enough password' }),
  },
  'POST /api/auth/password': {
    kind: 'own',
    status: 400,
    call: (a) =>
      a
        .post('/api/auth/password')
        .send({ currentPassword: 'not the password', newPassword: 'long enough password' }),
  },
  'POST /api/auth/sessions/end-all': {
    kind: 'own',
    status: 200,
    call: (a) => a.post('/api/auth/sessions/end-all').send({}),
  },
  'GET /api/auth/me': { kind: 'own', status: 200, call: (a) => a.get('/api/auth/me') },
  'GET /api/account/export': {
    kind: 'own',
    status: 200,
    call: (a) => a.get('/api/account/export'),
  },
  'DELETE /api/account/': {
    kind: 'own',
    status: 400,
    call: (a) => a.delete('/api/account').send({ password: 'not the password' }),
  },
  'GET /api/auth/google': { kind: 'own', status: 404, call: (a) => a.get('/api/auth/google') },
  'GET /healthz': { kind: 'own', status: 200, call: (a) => a.get('/healthz') },
  'GET /api/auth/google/callback': {
    kind: 'own',
    status: 404,
    call: (a) => a.get('/api/auth/google/callback'),
  },
  'GET /api/profile/:section': {
    kind: 'own',
    status: 200,
    call: (a) => a.get('/api/profile/demographics'),
  },
  'PUT /api/profile/:section': {
    kind: 'own',
    status: 200,
    call: (a) => a.put('/api/profile/demographics').send({ city: 'Lyon' }),
  },
  'POST /api/pairings/': {
    kind: 'own',
    status: 201,
    call: (a) => a.post('/api/pairings').send({}),
  },
  'GET /api/pairings/current': {
    kind: 'own',
    status: 200,
    call: (a) => a.get('/api/pairings/current'),
  },
  'POST /api/pairings/accept': {
    kind: 'own',
    status: 404,
    call: (a) => a.post('/api/pairings/accept').send({ code: 'LZ-000000' }),
  },
  'POST /api/pairings/:id/cancel': {
    kind: 'own',
    status: 404,
    call: (a) => a.post('/api/pairings/999999/cancel'),
  },
  'GET /api/notifications/': { kind: 'own', status: 200, call: (a) => a.get('/api/notifications') },
  'POST /api/notifications/read-all': {
    kind: 'own',
    status: 200,
    call: (a) => a.post('/api/notifications/read-all'),
  },
  'POST /api/notifications/:id/read': {
    kind: 'own',
    status: 404,
    call: (a) => a.post('/api/notifications/999999/read'),
  },
  'GET /api/contacts/': { kind: 'own', status: 200, call: (a) => a.get('/api/contacts') },
  'POST /api/contacts/': {
    kind: 'own',
    status: 201,
    call: (a) => a.post('/api/contacts').send({ firstName: 'Client', relationship: 'other' }),
  },
  'GET /api/contacts/:id': { kind: 'own', status: 404, call: (a) => a.get('/api/contacts/999999') },
  'PATCH /api/contacts/:id': {
    kind: 'own',
    status: 404,
    call: (a) => a.patch('/api/contacts/999999').send({ firstName: 'x' }),
  },
  'DELETE /api/contacts/:id': {
    kind: 'own',
    status: 404,
    call: (a) => a.delete('/api/contacts/999999'),
  },
  'GET /api/push/vapid-public-key': {
    kind: 'own',
    status: 200,
    call: (a) => a.get('/api/push/vapid-public-key'),
  },
  'POST /api/push/subscriptions': {
    kind: 'own',
    status: 400,
    call: (a) => a.post('/api/push/subscriptions').send({}),
  },
  'DELETE /api/push/subscriptions': {
    kind: 'own',
    status: 400,
    call: (a) => a.delete('/api/push/subscriptions').send({}),
  },
  'GET /api/mediation/stats': {
    kind: 'own',
    status: 200,
    call: (a) => a.get('/api/mediation/stats'),
  },
  'GET /api/mediation/triggers': {
    kind: 'own',
    status: 200,
    call: (a) => a.get('/api/mediation/triggers'),
  },
  'GET /api/openapi.json': {
    kind: 'own',
    status: 200,
    call: (a) => a.get('/api/openapi.json'),
  },
  'GET /api/asyncapi.json': {
    kind: 'own',
    status: 200,
    call: (a) => a.get('/api/asyncapi.json'),
  },
  'GET /api/docs': { kind: 'own', status: 200, call: (a) => a.get('/api/docs') },
  // Off in this server (no METRICS_TOKEN); a session never opens it anyway.
  'GET /metrics': { kind: 'own', status: 404, call: (a) => a.get('/metrics') },
  // The web client's own pages: the same public index.html for anyone.
  ...Object.fromEntries(
    SPA_ROUTES.map((route): [string, Row] => [
      `GET ${route}`,
      {
        kind: 'own',
        status: 200,
        call: (a, room) => a.get(route.replace(':token', 'x').replace(':roomId', room)),
      },
    ]),
  ),
};

/** Polls an async condition (the outbox delivers notifications shortly after commit). */
async function until(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const SIGNS_OUT_OR_IN = new Set([
  'POST /api/auth/logout',
  'POST /api/auth/sessions/end-all',
  'POST /api/auth/signup',
]);

const statusOk = (expected: number | number[], got: number) =>
  (Array.isArray(expected) ? expected : [expected]).includes(got);

describe('authorization matrix: every route × the professional role', () => {
  it('has a row for every route the app serves', () => {
    // The same app the server serves, built again from its services (no session needed to list).
    const app = createApp(server.ctx, server.services, (_req, _res, next) => next());
    const routes = listRoutes(app);
    expect(routes.filter((r) => !(r in ROWS))).toEqual([]);
    expect(Object.keys(ROWS).filter((r) => !routes.includes(r))).toEqual([]);
  });

  it('while the grant lives: reads of the granted room only; every write refused; nothing changes', async () => {
    const before = await counts();
    for (const [route, row] of Object.entries(ROWS)) {
      // These would end the lawyer's own session (or start another) mid-matrix.
      if (SIGNS_OUT_OR_IN.has(route)) continue;
      const granted = await row.call(lawyer.agent, roomId);
      expect({
        route,
        status: granted.status,
        ok: statusOk(row.status, granted.status),
      }).toMatchObject({ route, ok: true });
      if (row.kind === 'read') {
        const other = await row.call(lawyer.agent, otherRoomId);
        expect({ route, status: other.status }).toEqual({ route, status: 404 });
      }
    }
    const after = await counts();
    expect(after).toEqual({ ...before, tasks: after!.tasks });
    expect(after!.tasks).toBe(before!.tasks);
  });

  it('logs every read in the access log, which both parents see', async () => {
    for (const parent of [ann, bob]) {
      const res = await parent.agent.get(`/api/rooms/${roomId}/access-log`);
      expect(res.status).toBe(200);
      const actions = (
        res.body as { entries: { action: string; actor: { id: number } | null }[] }
      ).entries
        .filter((e) => e.actor?.id === lawyer.user.id)
        .map((e) => e.action);
      expect(actions).toEqual(
        expect.arrayContaining([
          'accepted',
          'history',
          'search',
          'threads',
          'verify',
          'export_pdf',
        ]),
      );
    }
    const other = await ann.agent.get(`/api/rooms/${otherRoomId}/access-log`);
    expect(other.body).toEqual({ entries: [] });
  });

  it('every socket event × the professional: room reads as over REST, everything else refused', async () => {
    const socket = await connectSocket(server.url, lawyer.cookie);
    try {
      const serverSocket = [...server.io.of('/').sockets.values()].find(
        (s) => s.data.userId === lawyer.user.id,
      )!;
      // Lifecycle listeners are not client events.
      const events = serverSocket
        .eventNames()
        .map(String)
        .filter((e) => !['disconnect', 'disconnecting', 'error'].includes(e))
        .sort();
      const EVENTS: Record<string, { payload: unknown; ok: boolean }> = {
        'messages:sync': { payload: { roomId, afterSeq: 0 }, ok: true },
        'messages:history': { payload: { roomId }, ok: true },
        'message:send': {
          payload: { roomId, clientId: randomUUID(), text: 'Objection!' },
          ok: false,
        },
        'message:correct': {
          payload: { messageId: 1, clientId: randomUUID(), text: 'x' },
          ok: false,
        },
        'message:read': { payload: { roomId, seq: 1 }, ok: false },
        typing: { payload: { roomId, typing: true }, ok: false },
        'intervention:resolve': {
          payload: { interventionId: randomUUID(), choice: 'discard' },
          ok: false,
        },
        'draft:analyze': { payload: { roomId, text: 'hello' }, ok: false },
      };
      expect(events).toEqual(Object.keys(EVENTS).sort());
      const before = await counts();
      for (const [event, row] of Object.entries(EVENTS)) {
        const ack = (await emitRaw(socket, event, row.payload)) as {
          ok: boolean;
          error?: { code: string };
        };
        expect({ event, ok: ack.ok }).toEqual({ event, ok: row.ok });
        if (!row.ok) expect({ event, code: ack.error?.code }).toEqual({ event, code: 'not_found' });
        if (row.ok) {
          const other = (await emitRaw(socket, event, {
            ...(row.payload as object),
            roomId: otherRoomId,
          })) as { ok: boolean };
          expect({ event, other: other.ok }).toEqual({ event, other: false });
        }
      }
      expect(await counts()).toEqual(before);
    } finally {
      socket.close();
    }
  });

  it('revocation ends every read at once; only the inviting parent may revoke', async () => {
    const byBob = await bob.agent.post(`/api/rooms/${roomId}/professionals/${grant.id}/revoke`);
    expect(byBob.status).toBe(403);
    const res = await ann.agent.post(`/api/rooms/${roomId}/professionals/${grant.id}/revoke`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ grant: { status: 'revoked' } });
    for (const [route, row] of Object.entries(ROWS)) {
      if (row.kind !== 'read') continue;
      expect({ route, status: (await row.call(lawyer.agent, roomId)).status }).toEqual({
        route,
        status: 404,
      });
    }
    await until(async () =>
      JSON.stringify((await bob.agent.get('/api/notifications')).body).includes('revoked'),
    );
  });

  it('expiry ends every read too', async () => {
    const { token, grant: second } = await invite(bob, lawyer.user.email, 1);
    expect(
      (await lawyer.agent.post('/api/professional-invitations/accept').send({ token })).status,
    ).toBe(200);
    expect((await lawyer.agent.get(`/api/rooms/${roomId}/verify`)).status).toBe(200);
    await sql(
      server.database.url,
      `UPDATE professional_grants SET created_at = now() - interval '2 days', expires_at = now() - interval '1 second' WHERE id = $1`,
      [second.id],
    );
    for (const [route, row] of Object.entries(ROWS)) {
      if (row.kind !== 'read') continue;
      expect({ route, status: (await row.call(lawyer.agent, roomId)).status }).toEqual({
        route,
        status: 404,
      });
    }
    const list = await ann.agent.get(`/api/rooms/${roomId}/professionals`);
    expect((list.body as { grants: GrantView[] }).grants.map((g) => g.status)).toEqual([
      'revoked',
      'expired',
    ]);
  });
});
