import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { z } from 'zod';
import { SPA_ROUTES } from '../../../server/clientStatic.js';
import { messageView } from '../../../server/shared/socketSchemas.js';
import { PROFILE_SECTIONS } from '../../../server/profile/sections.js';
import { marker, type Role, type World } from './world.js';

/** The status each role gets (one number, or the few a row accepts). */
export type Expected = Record<Role, number>;

/** A fresh target a row acts on (a row that deletes must not delete what others point at). */
export type Target = Record<string, string>;

export interface RestRow {
  /** "METHOD /path" exactly as `listRoutes` names it. */
  route: string;
  /** What the row tries, when a route has more than one row. */
  note?: string;
  expected: Expected;
  call(agent: TestAgent, w: World, t: Target, role: Role): Promise<Response>;
  /** Makes the row's own target once, before any role calls. */
  prepare?(w: World): Promise<Target>;
  /** State a refused call must leave as it was (read before and after each refusal). */
  probe?(w: World, t: Target): Promise<unknown>;
  /** What a 200 body must be exactly (strict: no stray field reaches a reader). */
  shape?: z.ZodType;
  /** Ends or replaces the caller's session: run last, each role on a fresh sign-in. */
  session?: boolean;
}

// Who gets what, by relation to the owner's data.
/** Every signed-in caller gets `s` on their own account; no session, 401. */
const signedIn = (s: number): Expected => ({
  anonymous: 401,
  outsider: s,
  otherParent: s,
  professional: s,
  coParent: s,
  owner: s,
});
/** Both parents of the room; the professional and anyone else: not found. */
const parents = (s: number, coParent = s): Expected => ({
  anonymous: 401,
  outsider: 404,
  otherParent: 404,
  professional: 404,
  coParent,
  owner: s,
});
/** The record's reads: both parents and the professional holding a live grant. */
const readers = (s: number): Expected => ({ ...parents(s), professional: s });
/** The owner's own object: anyone else is told it does not exist. */
const ownerOnly = (s: number) => parents(s, 404);
/** The same for everyone, signed in or not. */
const everyone = (s: number): Expected => ({
  anonymous: s,
  outsider: s,
  otherParent: s,
  professional: s,
  coParent: s,
  owner: s,
});

const row = (sqlText: string) => async (w: World, t: Target) =>
  w.query(sqlText, [Object.values(t)[0]]);

const contactProbe = row('SELECT * FROM contacts WHERE id = $1');
const taskProbe = row('SELECT * FROM tasks WHERE id = $1');

/** A new contact of the owner's (what a delete row removes). */
async function ownerContact(w: World): Promise<Target> {
  const res = await w.agents.owner
    .post('/api/contacts')
    .send({ firstName: 'Theo', relationship: 'child' });
  return { id: String((res.body as { contact: { id: number } }).contact.id) };
}

/** A new room task of the owner's. */
async function ownerRoomTask(w: World): Promise<Target> {
  const res = await w.agents.owner
    .post('/api/tasks')
    .send({ title: 'Book the dentist', roomId: w.ids.roomId });
  return { id: String((res.body as { task: { id: number } }).task.id) };
}

const id = (w: World, key: keyof World['ids']) => String(w.ids[key]);

/** A professional's address: the parents see whom they invited; nobody else does. */
function invitee(w: World): string {
  const email = `${marker('invitee')}@law.example`;
  w.secrets.push({ label: 'invited-professional-email', value: email, scope: 'parents' });
  return email;
}

/**
 * One row per REST route (a few routes have two: a room object and a
 * personal one). Read top to bottom: the expected status of each role.
 */
export const REST_ROWS: RestRow[] = [
  // Public by nature.
  { route: 'GET /healthz', expected: everyone(200), call: (a) => a.get('/healthz') },
  { route: 'GET /metrics', expected: everyone(404), call: (a) => a.get('/metrics') },
  {
    route: 'GET /.well-known/parley-record-key',
    expected: everyone(200),
    call: (a) => a.get('/.well-known/parley-record-key'),
  },
  {
    route: 'GET /api/openapi.json',
    expected: everyone(200),
    call: (a) => a.get('/api/openapi.json'),
  },
  {
    route: 'GET /api/asyncapi.json',
    expected: everyone(200),
    call: (a) => a.get('/api/asyncapi.json'),
  },
  { route: 'GET /api/docs', expected: everyone(200), call: (a) => a.get('/api/docs') },
  {
    route: 'GET /api/push/vapid-public-key',
    expected: everyone(200),
    call: (a) => a.get('/api/push/vapid-public-key'),
  },
  ...SPA_ROUTES.map((page): RestRow => ({
    route: `GET ${page}`,
    expected: everyone(200),
    call: (a, w) => a.get(page.replace(':token', 'x').replace(':roomId', w.ids.roomId)),
  })),

  // Accounts. Google sign-in is not configured in this server: 404 for all.
  {
    route: 'GET /api/auth/google',
    expected: everyone(404),
    call: (a) => a.get('/api/auth/google'),
  },
  {
    route: 'GET /api/auth/google/callback',
    expected: everyone(404),
    call: (a) => a.get('/api/auth/google/callback'),
  },
  { route: 'GET /api/auth/me', expected: signedIn(200), call: (a) => a.get('/api/auth/me') },
  {
    route: 'POST /api/auth/verify-email',
    note: 'a token never mailed',
    expected: everyone(400),
    call: (a) => a.post('/api/auth/verify-email').send({ token: 'A'.repeat(43) }),
  },
  {
    route: 'POST /api/auth/verify-email/resend',
    expected: signedIn(202),
    call: (a) => a.post('/api/auth/verify-email/resend').send({}),
  },
  {
    route: 'POST /api/auth/password-reset',
    note: "the owner's address: the same 202 whoever asks",
    expected: everyone(202),
    call: (a, w) => a.post('/api/auth/password-reset').send({ email: w.users.owner.user.email }),
  },
  {
    route: 'POST /api/auth/password-reset/confirm',
    note: 'a token never mailed',
    expected: everyone(400),
    call: (a) =>
      a
        .post('/api/auth/password-reset/confirm')
        .send({ token: 'A'.repeat(43), password: 'long enough password' }),
  },
  {
    route: 'POST /api/auth/login',
    note: "each role as itself; anonymous with the owner's address and a wrong password",
    expected: { ...signedIn(200), anonymous: 401 },
    session: true,
    call: (a, w, _t, role) =>
      a
        .post('/api/auth/login')
        .send(
          role === 'anonymous'
            ? { email: w.users.owner.user.email, password: 'not the password' }
            : { email: w.users[role].user.email, password: w.users[role].password },
        ),
  },
  {
    route: 'POST /api/auth/signup',
    expected: everyone(201),
    session: true,
    call: (a) =>
      a.post('/api/auth/signup').send({
        email: `new-${randomUUID()}@example.com`,
        password: 'correct horse battery',
        displayName: 'New',
      }),
  },
  {
    route: 'POST /api/auth/logout',
    expected: everyone(200),
    session: true,
    call: (a) => a.post('/api/auth/logout'),
  },
  {
    route: 'POST /api/auth/password',
    note: 'each role changes its own password',
    expected: signedIn(200),
    session: true,
    call: async (a, w, _t, role) => {
      if (role === 'anonymous')
        return a
          .post('/api/auth/password')
          .send({ currentPassword: 'whatever it was', newPassword: 'long enough password' });
      const user = w.users[role];
      const newPassword = `${user.password}+1`;
      const res = await a
        .post('/api/auth/password')
        .send({ currentPassword: user.password, newPassword });
      if (res.status === 200) user.password = newPassword;
      return res;
    },
  },
  {
    route: 'POST /api/auth/sessions/end-all',
    expected: signedIn(200),
    session: true,
    call: (a) => a.post('/api/auth/sessions/end-all').send({}),
  },

  {
    route: 'GET /api/account/export',
    note: "each caller's own data only (the planted markers of the owner's reach nobody else)",
    expected: signedIn(200),
    call: (a) => a.get('/api/account/export'),
  },
  {
    route: 'DELETE /api/account/',
    note: 'without the right password nobody deletes, the owner included (the real delete: accountDeletion.test.ts)',
    expected: { ...signedIn(400), anonymous: 401 },
    prepare: (w) => Promise.resolve({ id: String(w.users.owner.user.id) }),
    call: (a) => a.delete('/api/account').send({ password: 'not the password at all' }),
    probe: row('SELECT email, password_hash, deleted_at FROM users WHERE id = $1'),
  },

  // Pairing: the owner has a pending invitation bound to someone else's address.
  {
    route: 'POST /api/pairings/',
    expected: signedIn(201),
    call: (a) => a.post('/api/pairings').send({}),
  },
  {
    route: 'GET /api/pairings/current',
    expected: signedIn(200),
    call: (a) => a.get('/api/pairings/current'),
  },
  {
    route: 'POST /api/pairings/accept',
    note: "the owner's code, bound to another address: nobody here may accept it",
    expected: { ...signedIn(403), anonymous: 401 },
    call: (a, w) => a.post('/api/pairings/accept').send({ code: w.ids.pairingCode }),
    probe: (w) => w.query('SELECT status FROM pairing_sessions WHERE id = $1', [w.ids.pairingId]),
  },
  {
    route: 'POST /api/pairings/:id/cancel',
    expected: ownerOnly(200),
    prepare: async (w) => {
      const res = await w.agents.owner.post('/api/pairings').send({});
      return { id: String((res.body as { pairing: { id: number } }).pairing.id) };
    },
    call: (a, _w, t) => a.post(`/api/pairings/${t.id}/cancel`),
    probe: row('SELECT status FROM pairing_sessions WHERE id = $1'),
  },

  // Rooms and the shared record.
  { route: 'GET /api/rooms/', expected: signedIn(200), call: (a) => a.get('/api/rooms') },
  {
    route: 'GET /api/rooms/:id',
    expected: parents(200),
    call: (a, w) => a.get(`/api/rooms/${w.ids.roomId}`),
  },
  {
    route: 'GET /api/rooms/:id/messages',
    expected: readers(200),
    shape: z.strictObject({ messages: z.array(messageView.strict()), hasMore: z.boolean() }),
    call: (a, w) => a.get(`/api/rooms/${w.ids.roomId}/messages`),
  },
  {
    route: 'GET /api/rooms/:id/search',
    expected: readers(200),
    call: (a, w) => a.get(`/api/rooms/${w.ids.roomId}/search?q=code%20word`),
  },
  {
    route: 'GET /api/rooms/:id/search',
    note: "words of the owner's held message: never found",
    expected: readers(200),
    call: (a, w) => a.get(`/api/rooms/${w.ids.roomId}/search?q=useless%20idiot`),
  },
  {
    route: 'GET /api/rooms/:id/threads',
    expected: readers(200),
    call: (a, w) => a.get(`/api/rooms/${w.ids.roomId}/threads`),
  },
  {
    route: 'GET /api/rooms/:id/verify',
    expected: readers(200),
    call: (a, w) => a.get(`/api/rooms/${w.ids.roomId}/verify`),
  },
  {
    route: 'GET /api/rooms/:id/export',
    note: 'json (readable, so scanned for markers)',
    expected: readers(200),
    call: (a, w) => a.get(`/api/rooms/${w.ids.roomId}/export?format=json`),
  },
  {
    route: 'GET /api/rooms/:id/export',
    note: 'pdf',
    expected: readers(200),
    call: (a, w) =>
      a
        .get(`/api/rooms/${w.ids.roomId}/export?format=pdf`)
        .buffer(true)
        .parse((response, callback) => {
          const chunks: Buffer[] = [];
          response.on('data', (c: Buffer) => chunks.push(c));
          response.on('end', () => callback(null, Buffer.concat(chunks)));
        }),
  },
  {
    route: 'GET /api/rooms/:id/mediation-record',
    note: "each parent's own coaching history; never the other's",
    expected: parents(200),
    call: (a, w) => a.get(`/api/rooms/${w.ids.roomId}/mediation-record`),
  },
  {
    route: 'PATCH /api/threads/:id',
    expected: parents(200),
    call: (a, w) => a.patch(`/api/threads/${w.ids.threadId}`).send({ category: 'schedule' }),
    probe: (w) => w.query('SELECT * FROM threads WHERE id = $1', [w.ids.threadId]),
  },

  // Professional access.
  {
    route: 'POST /api/rooms/:id/professionals',
    expected: parents(201),
    call: (a, w) =>
      a.post(`/api/rooms/${w.ids.roomId}/professionals`).send({
        email: invitee(w),
        name: 'Pat',
        role: 'mediator',
      }),
  },
  {
    route: 'GET /api/rooms/:id/professionals',
    expected: parents(200),
    call: (a, w) => a.get(`/api/rooms/${w.ids.roomId}/professionals`),
  },
  {
    route: 'POST /api/rooms/:id/professionals/:grantId/revoke',
    note: 'only the inviting parent revokes',
    expected: parents(200, 403),
    prepare: async (w) => {
      const res = await w.agents.owner.post(`/api/rooms/${w.ids.roomId}/professionals`).send({
        email: invitee(w),
        name: 'Sam',
        role: 'mediator',
      });
      return { id: String((res.body as { grant: { id: number } }).grant.id) };
    },
    call: (a, w, t) => a.post(`/api/rooms/${w.ids.roomId}/professionals/${t.id}/revoke`),
    probe: row('SELECT revoked_at, accepted_at FROM professional_grants WHERE id = $1'),
  },
  {
    route: 'GET /api/rooms/:id/access-log',
    expected: parents(200),
    call: (a, w) => a.get(`/api/rooms/${w.ids.roomId}/access-log`),
  },
  {
    route: 'POST /api/professional-invitations/accept',
    note: 'an invitation to an address none of them has',
    expected: { ...signedIn(403), anonymous: 401 },
    prepare: async (w) => {
      await w.agents.owner.post(`/api/rooms/${w.ids.roomId}/professionals`).send({
        email: invitee(w),
        name: 'Kim',
        role: 'other',
      });
      return { token: w.invitations.at(-1)!.link.split('/professional-invite/')[1]! };
    },
    call: (a, _w, t) => a.post('/api/professional-invitations/accept').send({ token: t.token }),
    probe: (w) => w.query('SELECT count(*) FROM professional_grants WHERE accepted_at IS NOT NULL'),
  },
  {
    route: 'GET /api/professional/rooms',
    expected: signedIn(200),
    call: (a) => a.get('/api/professional/rooms'),
  },

  // The owner's own data.
  { route: 'GET /api/contacts/', expected: signedIn(200), call: (a) => a.get('/api/contacts') },
  {
    route: 'POST /api/contacts/',
    expected: signedIn(201),
    call: (a) => a.post('/api/contacts').send({ firstName: 'Ada', relationship: 'other' }),
  },
  {
    route: 'GET /api/contacts/:id',
    expected: ownerOnly(200),
    call: (a, w) => a.get(`/api/contacts/${id(w, 'contactId')}`),
  },
  {
    route: 'PATCH /api/contacts/:id',
    expected: ownerOnly(200),
    prepare: (w) => Promise.resolve({ id: id(w, 'contactId') }),
    call: (a, _w, t) => a.patch(`/api/contacts/${t.id}`).send({ phone: '555-0100' }),
    probe: contactProbe,
  },
  {
    route: 'DELETE /api/contacts/:id',
    expected: ownerOnly(204),
    prepare: ownerContact,
    call: (a, _w, t) => a.delete(`/api/contacts/${t.id}`),
    probe: contactProbe,
  },
  ...PROFILE_SECTIONS.map((section): RestRow => ({
    route: 'GET /api/profile/:section',
    note: `${section}: each caller's own`,
    expected: signedIn(200),
    call: (a) => a.get(`/api/profile/${section}`),
  })),
  {
    route: 'PUT /api/profile/:section',
    note: "background: each caller's own",
    expected: signedIn(200),
    call: (a) => a.put('/api/profile/background').send({ educationLevel: 'bachelor' }),
  },
  { route: 'GET /api/tasks/', expected: signedIn(200), call: (a) => a.get('/api/tasks') },
  {
    route: 'GET /api/tasks/',
    note: "filtered by the owner's room",
    expected: signedIn(200),
    call: (a, w) => a.get(`/api/tasks?roomId=${w.ids.roomId}`),
  },
  {
    route: 'POST /api/tasks/',
    note: "in the owner's room",
    expected: parents(201),
    call: (a, w) => a.post('/api/tasks').send({ title: 'Swim kit', roomId: w.ids.roomId }),
  },
  {
    route: 'GET /api/tasks/:id',
    note: 'personal',
    expected: ownerOnly(200),
    call: (a, w) => a.get(`/api/tasks/${id(w, 'personalTaskId')}`),
  },
  {
    route: 'GET /api/tasks/:id',
    note: 'room task',
    expected: parents(200),
    call: (a, w) => a.get(`/api/tasks/${id(w, 'roomTaskId')}`),
  },
  {
    route: 'PATCH /api/tasks/:id',
    note: 'personal',
    expected: ownerOnly(200),
    prepare: (w) => Promise.resolve({ id: id(w, 'personalTaskId') }),
    call: (a, _w, t) => a.patch(`/api/tasks/${t.id}`).send({ priority: 'high' }),
    probe: taskProbe,
  },
  {
    route: 'PATCH /api/tasks/:id',
    note: 'room task: both parents edit',
    expected: parents(200),
    prepare: (w) => Promise.resolve({ id: id(w, 'roomTaskId') }),
    call: (a, _w, t) => a.patch(`/api/tasks/${t.id}`).send({ priority: 'low' }),
    probe: taskProbe,
  },
  {
    route: 'DELETE /api/tasks/:id',
    note: 'room task: only its creator deletes',
    expected: parents(204, 403),
    prepare: ownerRoomTask,
    call: (a, _w, t) => a.delete(`/api/tasks/${t.id}`),
    probe: taskProbe,
  },
  {
    route: 'GET /api/notifications/',
    expected: signedIn(200),
    call: (a) => a.get('/api/notifications'),
  },
  {
    route: 'POST /api/notifications/read-all',
    expected: signedIn(200),
    call: (a) => a.post('/api/notifications/read-all'),
    probe: (w) =>
      w.query('SELECT is_read FROM notifications WHERE id = $1', [w.ids.notificationId]),
  },
  {
    route: 'POST /api/notifications/:id/read',
    expected: ownerOnly(200),
    prepare: (w) => Promise.resolve({ id: id(w, 'notificationId') }),
    call: (a, _w, t) => a.post(`/api/notifications/${t.id}/read`),
    probe: row('SELECT is_read FROM notifications WHERE id = $1'),
  },
  {
    route: 'POST /api/push/subscriptions',
    note: "the owner's endpoint: refused for anyone else, never moved",
    expected: { ...signedIn(409), owner: 200 },
    prepare: (w) => Promise.resolve({ endpoint: w.ids.pushEndpoint }),
    call: (a, w) =>
      a
        .post('/api/push/subscriptions')
        .send({ endpoint: w.ids.pushEndpoint, keys: w.push.createSubscription().keys }),
    probe: row('SELECT user_id, p256dh, auth FROM push_subscriptions WHERE endpoint = $1'),
  },
  {
    route: 'DELETE /api/push/subscriptions',
    note: "the owner's endpoint",
    expected: ownerOnly(204),
    prepare: async (w) => {
      const sub = w.push.createSubscription();
      await w.agents.owner.post('/api/push/subscriptions').send(sub);
      return { endpoint: sub.endpoint };
    },
    call: (a, _w, t) => a.delete('/api/push/subscriptions').send({ endpoint: t.endpoint }),
    probe: row('SELECT user_id FROM push_subscriptions WHERE endpoint = $1'),
  },
  {
    route: 'GET /api/mediation/stats',
    expected: signedIn(200),
    call: (a) => a.get('/api/mediation/stats'),
  },
  {
    route: 'GET /api/mediation/triggers',
    expected: signedIn(200),
    call: (a) => a.get('/api/mediation/triggers'),
  },
];
