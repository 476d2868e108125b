import { randomBytes, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import request, { type Response } from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import type { InvitationMailer } from '../../../server/professionals/invitationMailer.js';
import { startPushService, type PushServiceDouble } from '../doubles/pushService.js';
import { createRoom, sql } from '../rooms.js';
import { connectSocket, emitAck, type ClientSocket } from '../sockets.js';
import { startTestServer, type TestServer } from '../testServer.js';
import { markEmailVerified, signUp, type SignedInUser } from '../users.js';

/**
 * The callers of the authorization matrix, from furthest to nearest the
 * owner's data: no session; a stranger (with a room of their own); the
 * owner's co-parent in another room (a second family: shares a room with
 * the owner, not this one); a professional holding a live grant on the
 * room; the owner's co-parent in the room; the owner. The order is the order each row runs in: the owner last, so
 * a write that succeeds for them (a delete) cannot hide a refusal for another.
 */
export const ROLES = [
  'anonymous',
  'outsider',
  'otherParent',
  'professional',
  'coParent',
  'owner',
] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who may see a secret: only its owner, both parents (what the room holds
 * beyond the record: tasks, grants), everyone who may read the shared record
 * (both parents and the professional with a live grant), or nobody at all
 * (credentials: not even the owner gets them back).
 */
export type Scope = 'owner' | 'parents' | 'room' | 'nobody';
const ALLOWED: Record<Scope, readonly Role[]> = {
  owner: ['owner'],
  parents: ['owner', 'coParent'],
  room: ['owner', 'coParent', 'professional'],
  nobody: [],
};

export interface Secret {
  label: string;
  value: string;
  scope: Scope;
}

/** One response or socket payload received by one role. */
export interface Capture {
  role: Role;
  where: string;
  text: string;
  /** For a socket event: its name and first argument, to check against the event map. */
  event?: { name: string; payload: unknown };
}

/** The owner's objects every row points at (ids as the API spells them). */
export interface OwnerIds {
  roomId: string;
  contactId: string;
  personalTaskId: string;
  roomTaskId: string;
  notificationId: string;
  messageId: number;
  messageSeq: number;
  interventionId: string;
  threadId: string;
  pairingId: string;
  pairingCode: string;
  pushEndpoint: string;
}

export interface World {
  server: TestServer;
  /** The outsider's own room (with a user none of the roles knows). */
  outsiderRoomId: string;
  /** The owner's other room, with `otherParent`. */
  otherRoomId: string;
  push: PushServiceDouble;
  users: Record<Exclude<Role, 'anonymous'>, SignedInUser>;
  agents: Record<Role, TestAgent>;
  sockets: Partial<Record<Role, ClientSocket>>;
  ids: OwnerIds;
  secrets: Secret[];
  captures: Capture[];
  /** Professional invitation links, as the mailer double received them. */
  invitations: { to: string; link: string }[];
  /** SQL on the test database over one kept connection (probes run hundreds of times). */
  query(text: string, params?: unknown[]): Promise<unknown[]>;
  /** Records a response (body and headers) as seen by `role`. */
  capture(role: Role, where: string, res: Response): Response;
  /** A new signed-in agent of `role` (rows that end or replace the session). */
  freshAgent(role: Role): Promise<TestAgent>;
  stop(): Promise<void>;
}

/** A marker no code path could produce by chance. */
export const marker = (label: string) => `${label}-${randomBytes(6).toString('hex')}`;

/** Held by the local mediator (an insult and "you never"). */
export const HOSTILE = 'You are a useless idiot and you never pick her up on time!';

/** The text of a response as a reader would get it: body (raw if not JSON) and headers. */
function textOf(res: Response): string {
  const raw = res.text ?? (Buffer.isBuffer(res.body) ? res.body.toString('latin1') : '');
  return `${JSON.stringify(res.headers)}\n${raw}\n${JSON.stringify(res.body ?? null)}`;
}

/** Every secret seen by a role not allowed to see it. */
export function leaks(world: Pick<World, 'captures' | 'secrets'>): string[] {
  const found: string[] = [];
  for (const c of world.captures)
    for (const s of world.secrets)
      if (c.text.includes(s.value) && !ALLOWED[s.scope].includes(c.role))
        found.push(`${s.label} (${s.scope}) reached ${c.role} in ${c.where}`);
  return [...new Set(found)];
}

/** Sets an owner-private field through the API, failing loudly when the API refuses. */
function ok(res: Response, status: number, what: string): Response {
  if (res.status !== status)
    throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body as unknown)}`);
  return res;
}

/**
 * Starts a server, signs up the four signed-in roles, pairs the owner and the
 * co-parent in a room the professional may read, connects a socket per role
 * that records everything it receives, and plants a secret marker in every
 * kind of data the owner has.
 */
export async function buildWorld(): Promise<World> {
  const invitations: { to: string; link: string }[] = [];
  const mailer: InvitationMailer = {
    sendInvitationEmail(to, link) {
      invitations.push({ to, link });
      return Promise.resolve();
    },
  };
  const push = await startPushService();
  const server = await startTestServer(
    { SOCKET_SENDS_PER_SECOND: '1000', USER_SENDS_PER_SECOND: '1000' },
    { services: { invitationMailer: mailer, pushAgent: push.agent } },
  );
  const ownerPassword = marker('owner-password');
  const [owner, coParent, outsider, otherParent, professional] = await Promise.all([
    signUp(server.url, { displayName: 'Ann', password: ownerPassword }),
    signUp(server.url, { displayName: 'Bob' }),
    signUp(server.url, { displayName: 'Eve' }),
    signUp(server.url, { displayName: 'Dan' }),
    signUp(server.url, {
      displayName: 'Lee',
      email: `lee-${randomUUID().slice(0, 8)}@law.example`,
    }),
  ]);
  const users = { owner, coParent, outsider, otherParent, professional };
  await markEmailVerified(server.database.url, professional.user.id);
  const roomId = await createRoom(server.database.url, [owner.user.id, coParent.user.id]);
  const zed = await signUp(server.url, { displayName: 'Zed' });
  const outsiderRoomId = await createRoom(server.database.url, [outsider.user.id, zed.user.id]);
  const otherRoomId = await createRoom(server.database.url, [owner.user.id, otherParent.user.id]);

  const captures: Capture[] = [];
  const capture = (role: Role, where: string, res: Response) => {
    captures.push({ role, where, text: textOf(res) });
    return res;
  };
  const sockets: Partial<Record<Role, ClientSocket>> = {};
  for (const role of ['outsider', 'otherParent', 'professional', 'coParent', 'owner'] as const) {
    const socket = await connectSocket(server.url, users[role].cookie);
    socket.onAny((event: string, ...args: unknown[]) =>
      captures.push({
        role,
        where: `socket event ${event}`,
        text: JSON.stringify(args),
        event: { name: event, payload: args[0] },
      }),
    );
    sockets[role] = socket;
  }

  const secrets: Secret[] = [];
  const plant = (label: string, scope: Scope = 'owner') => {
    const value = marker(label);
    secrets.push({ label, value, scope });
    return value;
  };
  const a = owner.agent;

  // The professional: invited by the owner, accepted with the mailed link.
  ok(
    await a
      .post(`/api/rooms/${roomId}/professionals`)
      .send({ email: professional.user.email, name: 'Lee Lawyer', role: 'lawyer', days: 30 }),
    201,
    'invite the professional',
  );
  const grantToken = invitations.at(-1)!.link.split('/professional-invite/')[1]!;
  ok(
    await professional.agent
      .post('/api/professional-invitations/accept')
      .send({ token: grantToken }),
    200,
    'accept the grant',
  );

  // The shared record: a message both parents (and the professional) read.
  const sent = await emitAck(sockets.owner!, 'message:send', {
    roomId,
    clientId: randomUUID(),
    text: `Pickup on Friday at 5pm, the code word is ${plant('room-message', 'room')}.`,
  });
  if (!sent.ok || sent.status !== 'sent') throw new Error(`send: ${JSON.stringify(sent)}`);
  // What the mediator held: the owner's alone, pending.
  const heldAck = await emitAck(sockets.owner!, 'message:send', {
    roomId,
    clientId: randomUUID(),
    text: `${HOSTILE} ${plant('intervention-original')}`,
  });
  if (!heldAck.ok || heldAck.status !== 'held') throw new Error(`held: ${JSON.stringify(heldAck)}`);

  // A held message the owner then sends as the mediator suggested: what the co-parent
  // gets must not say it was mediated (DESIGN: the receiver is never told).
  const heldThenAccepted = await emitAck(sockets.owner!, 'message:send', {
    roomId,
    clientId: randomUUID(),
    text: HOSTILE,
  });
  if (!heldThenAccepted.ok || heldThenAccepted.status !== 'held')
    throw new Error(`held: ${JSON.stringify(heldThenAccepted)}`);
  const accepted = await emitAck(sockets.owner!, 'intervention:resolve', {
    interventionId: heldThenAccepted.intervention.id,
    choice: 'accept',
    suggestionIndex: 0,
  });
  if (!accepted.ok || accepted.status !== 'sent')
    throw new Error(`accept: ${JSON.stringify(accepted)}`);

  const contact = ok(
    await a.post('/api/contacts').send({
      firstName: plant('contact-first-name'),
      lastName: plant('contact-last-name'),
      relationship: 'child',
      phone: plant('contact-phone'),
      address: plant('contact-address'),
      notes: plant('contact-notes'),
      childSchool: plant('contact-school'),
      childHealthNotes: plant('child-health-notes'),
      email: `${plant('contact-email')}@example.com`,
    }),
    201,
    'create a contact',
  );
  const profile: Record<string, Record<string, string>> = {
    demographics: { city: plant('profile-city'), preferredName: plant('profile-name') },
    employment: { occupation: plant('profile-occupation') },
    health: { mentalHealth: plant('profile-mental-health'), notes: plant('profile-health') },
    financials: { debt: plant('profile-debt'), childSupport: plant('profile-child-support') },
    background: { religion: plant('profile-religion'), hobbies: plant('profile-hobbies') },
  };
  for (const [section, body] of Object.entries(profile))
    ok(await a.put(`/api/profile/${section}`).send(body), 200, `profile ${section}`);
  const personalTask = ok(
    await a
      .post('/api/tasks')
      .send({ title: plant('personal-task-title'), description: plant('personal-task-notes') }),
    201,
    'personal task',
  );
  const roomTask = ok(
    await a.post('/api/tasks').send({
      title: plant('room-task', 'room'),
      description: plant('room-task-notes', 'parents'),
      roomId,
    }),
    201,
    'room task',
  );
  const [note] = await sql<{ id: number }>(
    server.database.url,
    `INSERT INTO notifications (user_id, type, title, body) VALUES ($1, 'system', $2, $3) RETURNING id`,
    [owner.user.id, plant('notification-title'), plant('notification-body')],
  );
  const subscription = push.createSubscription();
  ok(
    await a.post('/api/push/subscriptions').send({ ...subscription, includeText: true }),
    201,
    'push subscription',
  );
  const pairing = ok(
    await a.post('/api/pairings').send({ email: `${plant('pairing-invitee')}@example.com` }),
    201,
    'pending pairing',
  );
  const pairingView = (pairing.body as { pairing: { id: number; code: string; inviteUrl: string } })
    .pairing;
  const [thread] = await sql<{ id: string }>(
    server.database.url,
    'SELECT id FROM threads WHERE room_id = $1 ORDER BY id LIMIT 1',
    [roomId],
  );

  secrets.push(
    { label: 'push-endpoint', value: subscription.endpoint, scope: 'owner' },
    { label: 'push-p256dh', value: subscription.keys.p256dh, scope: 'nobody' },
    { label: 'push-auth', value: subscription.keys.auth, scope: 'nobody' },
    { label: 'pairing-code', value: pairingView.code, scope: 'owner' },
    { label: 'pairing-link', value: pairingView.inviteUrl.split('/').pop()!, scope: 'owner' },
    { label: 'grant-token', value: grantToken, scope: 'nobody' },
    { label: 'owner-password', value: ownerPassword, scope: 'nobody' },
    // Which room the owner shares, and their address: nothing an outsider may learn.
    { label: 'room-id', value: roomId, scope: 'room' },
    { label: 'owner-email', value: owner.user.email, scope: 'owner' },
    { label: 'owner-session', value: owner.cookie.replace(/^.*parley\.sid=/, ''), scope: 'owner' },
  );
  const [hash] = await sql<{ password_hash: string }>(
    server.database.url,
    'SELECT password_hash FROM users WHERE id = $1',
    [owner.user.id],
  );
  secrets.push({ label: 'password-hash', value: hash!.password_hash, scope: 'nobody' });

  const db = new pg.Client({ connectionString: server.database.url });
  await db.connect();

  const agents: Record<Role, TestAgent> = {
    anonymous: request.agent(server.url),
    outsider: outsider.agent,
    otherParent: otherParent.agent,
    professional: professional.agent,
    coParent: coParent.agent,
    owner: owner.agent,
  };

  return {
    server,
    outsiderRoomId,
    otherRoomId,
    push,
    users,
    agents,
    sockets,
    secrets,
    captures,
    invitations,
    capture,
    query: async (text, params = []) =>
      (await db.query<Record<string, unknown>>(text, params)).rows,
    ids: {
      roomId,
      contactId: String((contact.body as { contact: { id: number } }).contact.id),
      personalTaskId: String((personalTask.body as { task: { id: number } }).task.id),
      roomTaskId: String((roomTask.body as { task: { id: number } }).task.id),
      notificationId: String(note!.id),
      messageId: sent.message.id,
      messageSeq: sent.message.seq,
      interventionId: heldAck.intervention.id,
      threadId: String(thread!.id),
      pairingId: String(pairingView.id),
      pairingCode: pairingView.code,
      pushEndpoint: subscription.endpoint,
    },
    async freshAgent(role) {
      const agent = request.agent(server.url);
      if (role === 'anonymous') return agent;
      const { user, password } = users[role];
      ok(
        await agent.post('/api/auth/login').send({ email: user.email, password }),
        200,
        `login ${role}`,
      );
      return agent;
    },
    async stop() {
      for (const s of Object.values(sockets)) s.close();
      await db.end();
      await server.stop();
      await push.close();
    },
  };
}

/** The tokens of every link mailed so far (verification, reset): credentials, for nobody. */
export async function mailedTokens(dataDir: string): Promise<Secret[]> {
  const dir = path.join(dataDir, 'mail');
  const files = await readdir(dir).catch(() => [] as string[]);
  const found: Secret[] = [];
  for (const file of files) {
    const text = await readFile(path.join(dir, file), 'utf8');
    for (const m of text.matchAll(/\/(verify-email|reset-password)\/([A-Za-z0-9_-]{20,})/g))
      found.push({ label: `mailed ${m[1]} token`, value: m[2]!, scope: 'nobody' });
  }
  return found;
}
