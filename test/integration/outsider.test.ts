import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { pairUsers } from '../support/pairing.js';
import { startTestServer, type TestServer } from '../support/testServer.js';
import { signUp, type SignedInUser } from '../support/users.js';

/**
 * Every route of issue 3, asked by someone who must not see A's data: C (a
 * stranger) and B (A's co-parent: shares the room, not A's contacts or
 * profile). Addressed routes answer not_found; listing routes show only the
 * caller's own rows; nothing A owns changes.
 */
let server: TestServer;
let a: SignedInUser;
let b: SignedInUser;
let c: SignedInUser;
const ids = { room: '', contact: 0, coParentContact: 0, pending: 0, active: 0 };
const SECRET = 'A-private-health-note';

interface ContactLike {
  id: number;
  relationship: string;
  notes: string | null;
}

beforeAll(async () => {
  server = await startTestServer();
  a = await signUp(server.url, { displayName: 'Ann' });
  b = await signUp(server.url, { displayName: 'Bob' });
  c = await signUp(server.url, { displayName: 'Cy' });
  const paired = await pairUsers(a, b);
  ids.room = paired.roomId;
  ids.active = paired.pairingId;
  ids.pending = (await a.agent.post('/api/pairings').send({})).body.pairing.id;
  ids.contact = (
    await a.agent
      .post('/api/contacts')
      .send({ firstName: 'Mia', relationship: 'child', notes: SECRET })
  ).body.contact.id;
  const listed = (await a.agent.get('/api/contacts')).body.contacts as ContactLike[];
  ids.coParentContact = listed.find((x) => x.relationship === 'co-parent')!.id;
  await a.agent.put('/api/profile/health').send({ mentalHealth: SECRET });
  await a.agent.put('/api/profile/demographics').send({ city: SECRET });
});
afterAll(async () => {
  await server.stop();
});

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
interface Route {
  method: Method;
  /** The route as the table names it. */
  name: string;
  path: () => string;
  body?: object;
}

const route = (method: Method, name: string, path: () => string, body?: object): Route => ({
  method,
  name: `${method.toUpperCase()} ${name}`,
  path,
  body,
});

/** Routes that name one of A's rows: an outsider gets not_found. */
const ADDRESSED: Route[] = [
  route('get', "/api/rooms/:A's room", () => `/api/rooms/${ids.room}`),
  route('get', "/api/contacts/:A's child", () => `/api/contacts/${ids.contact}`),
  route('patch', "/api/contacts/:A's child", () => `/api/contacts/${ids.contact}`, { notes: 'x' }),
  route('delete', "/api/contacts/:A's child", () => `/api/contacts/${ids.contact}`),
  route('get', "/api/contacts/:A's co-parent", () => `/api/contacts/${ids.coParentContact}`),
  route('patch', "/api/contacts/:A's co-parent", () => `/api/contacts/${ids.coParentContact}`, {
    firstName: 'X',
  }),
  route('delete', "/api/contacts/:A's co-parent", () => `/api/contacts/${ids.coParentContact}`),
  route('post', "/api/pairings/:A's pending/cancel", () => `/api/pairings/${ids.pending}/cancel`),
  route('post', "/api/pairings/:A's active/cancel", () => `/api/pairings/${ids.active}/cancel`),
  route('get', "/api/profile/health/:A's id", () => `/api/profile/health/${a.user.id}`),
  route('put', "/api/profile/health/:A's id", () => `/api/profile/health/${a.user.id}`, {}),
];

/** Routes scoped to the caller: they must show the outsider only their own data. */
const SELF_SCOPED: Route[] = [
  route('get', '/api/rooms', () => '/api/rooms'),
  route('get', '/api/contacts', () => '/api/contacts'),
  route('get', '/api/pairings/current', () => '/api/pairings/current'),
  ...['demographics', 'employment', 'health', 'financials', 'background'].map((s) =>
    route('get', `/api/profile/${s}`, () => `/api/profile/${s}`),
  ),
];

/** Every route of the issue, for the unauthenticated sweep. */
const ALL: Route[] = [
  ...ADDRESSED,
  ...SELF_SCOPED,
  route('post', '/api/pairings', () => '/api/pairings', {}),
  route('post', '/api/pairings/accept', () => '/api/pairings/accept', { code: 'LZ-123456' }),
  route('post', '/api/contacts', () => '/api/contacts', { firstName: 'X' }),
  route('put', '/api/profile/health', () => '/api/profile/health', {}),
];

const send = (agent: SignedInUser['agent'], r: Route) => {
  const req = agent[r.method](r.path());
  return r.body ? req.send(r.body) : req;
};

describe.each([
  ['C, a stranger', () => c, ADDRESSED],
  // B is a member of the room (so may read it), but not of A's contacts or profile.
  ['B, the co-parent', () => b, ADDRESSED.filter((r) => !r.name.includes('/api/rooms/'))],
])('%s', (_who, outsider, addressed) => {
  it.each(addressed.map((r) => [r.name, r] as const))('%s answers not_found', async (_name, r) => {
    const res = await send(outsider().agent, r);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
    expect(JSON.stringify(res.body)).not.toContain(SECRET);
  });

  it.each(SELF_SCOPED.map((r) => [r.name, r] as const))(
    '%s shows none of A’s rows',
    async (_name, r) => {
      const res = await send(outsider().agent, r);
      expect(res.status).toBe(200);
      expect(JSON.stringify(res.body)).not.toContain(SECRET);
      const listed = (key: string) => (res.body[key] as { id: unknown }[]).map((x) => x.id);
      if (r.path() === '/api/rooms') {
        expect(listed('rooms')).toEqual(outsider() === b ? [ids.room] : []);
      } else if (r.path() === '/api/contacts') {
        expect(listed('contacts')).not.toEqual(expect.arrayContaining([ids.contact]));
        expect(listed('contacts')).not.toEqual(expect.arrayContaining([ids.coParentContact]));
      } else if (r.path() === '/api/pairings/current') {
        expect(listed('pairings')).toEqual(outsider() === b ? [ids.active] : []);
      } else {
        const fields = Object.values(res.body.profile.fields as object);
        expect(fields.every((v) => v === null || (Array.isArray(v) && v.length === 0))).toBe(true);
      }
    },
  );
});

describe('after every outsider request', () => {
  it('A still has everything, unchanged', async () => {
    const contacts = (await a.agent.get('/api/contacts')).body.contacts as ContactLike[];
    expect(contacts.map((x) => x.id).sort()).toEqual([ids.contact, ids.coParentContact].sort());
    expect(contacts.find((x) => x.id === ids.contact)!.notes).toBe(SECRET);
    const current = (await a.agent.get('/api/pairings/current')).body.pairings as {
      id: number;
      status: string;
    }[];
    expect(current.map((p) => [p.id, p.status])).toEqual([
      [ids.pending, 'pending'],
      [ids.active, 'active'],
    ]);
    expect((await a.agent.get('/api/profile/health')).body.profile.fields.mentalHealth).toBe(
      SECRET,
    );
    expect((await a.agent.get(`/api/rooms/${ids.room}`)).status).toBe(200);
  });
});

describe('without a session', () => {
  it.each(ALL.map((r) => [r.name, r] as const))('%s answers 401 unauthorized', async (_name, r) => {
    const res = await send(request(server.url), r);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthorized');
  });
});
